using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;
using TraitsBpf.Object.Btf;

namespace TraitsBpf.Compiler.Linking;

/// <summary>
/// BTF for function prototypes: the context structs programs take, C integer types by size and
/// signedness, <c>void *</c> for other pointers. Types are shared so each appears once.
/// </summary>
internal sealed class FunctionTypes
{
    private readonly Dictionary<(int, bool), BtfType> integers = [];
    private BtfType? xdpContext;
    private BtfType? skbContext;
    private BtfType? sockAddrContext;
    private BtfType? u64;
    private BtfType? ptRegs;
    private readonly Dictionary<string, BtfType> kfuncStructs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BtfType> kfuncEnums = new(StringComparer.Ordinal);

    public BtfType VoidPointer { get; } = new BtfPointer(BtfVoid.Instance);

    public BtfFuncProto ProgramProto(Il.ProgramKind kind)
    {
        var context = kind switch
        {
            Il.ProgramKind.Xdp => XdpContext(),
            Il.ProgramKind.CgroupSockAddr => SockAddrContext(),
            Il.ProgramKind.Kprobe or Il.ProgramKind.Kretprobe => PtRegs(),
            _ when Il.ProgramKindFacts.IsTracing(kind) => U64(),
            _ => SkbContext(),
        };
        return new BtfFuncProto(Integer(4, true), [new BtfParameter("ctx", new BtfPointer(context))]);
    }

    /// <summary>The u64 argument array of tp_btf, raw_tp, fentry and fexit programs, as libbpf's BPF_PROG declares it.</summary>
    private BtfType U64() => u64 ??= new BtfTypedef("__u64", Integer(8, false));

    /// <summary>A kprobe's registers: a forward declaration, as clang writes a struct it only points to.</summary>
    private BtfType PtRegs() => ptRegs ??= new BtfForward("pt_regs", false);

    public BtfFuncProto SubprogramProto(IrFunction function)
    {
        var parameters = function.ParameterSignatures.Select(p => new BtfParameter(p.Name, TypeOf(p))).ToList();
        var result = function.ReturnSignature is { } r ? TypeOf(r) : BtfVoid.Instance;
        return new BtfFuncProto(result, parameters);
    }

    /// <summary>
    /// The prototype of a kfunc the compiler calls, as the kernel declares it: libbpf checks it
    /// against the kernel's BTF when it resolves the extern.
    /// </summary>
    public BtfFuncProto KfuncProto(string name) =>
        name == Abi.TraitKfuncs.CastToKernContext
            ? new BtfFuncProto(VoidPointer, [new BtfParameter("obj", VoidPointer)])
            : TraitKfuncProto(name);

    /// <summary>
    /// The prototype a <c>[Kfunc]</c> method declares (see <see cref="Frontend.KfuncPrototype"/>): a context class is
    /// a pointer to its UAPI struct, numbers are integers of their size, enums enums, and a pointer points to
    /// what the C# pointer points to, a struct by its kernel name with no members (only the kind is compared).
    /// </summary>
    public BtfFuncProto KfuncProto(MethodDesc declaration)
    {
        var parameters = new List<BtfParameter>();
        if (!declaration.IsStatic)
        {
            // A context class's method passes the context; a struct's (Dynptr's) passes its own address.
            var self = declaration.DeclaringType;
            parameters.Add(new BtfParameter(self.Kind == TypeKind.Struct ? "p" : "ctx", self.Kind == TypeKind.Struct ? new BtfPointer(KfuncStruct(self)) : KfuncType(self)));
        }

        for (int p = 0; p < declaration.Parameters.Count; p++)
        {
            parameters.Add(new BtfParameter(declaration.ParameterNames[p], KfuncType(declaration.Parameters[p])));
        }

        return new BtfFuncProto(KfuncType(declaration.ReturnType), parameters);
    }

    private BtfType KfuncType(TypeDesc type)
    {
        if (Frontend.KfuncPrototype.ContextStruct(type) is { } context)
        {
            return new BtfPointer(context switch
            {
                "xdp_md" => XdpContext(),
                "bpf_sock_addr" => SockAddrContext(),
                _ => SkbContext(),
            });
        }

        return type.Kind switch
        {
            TypeKind.Void => BtfVoid.Instance,
            TypeKind.Pointer or TypeKind.ByRef => new BtfPointer(KfuncPointee(type.Element)),
            TypeKind.Enum => KfuncEnum(type),
            _ => Integer(Math.Max(type.Size, 1), type.IsSigned),
        };
    }

    private BtfType KfuncPointee(TypeDesc? pointee) => pointee?.Kind switch
    {
        null or TypeKind.Void => BtfVoid.Instance,
        TypeKind.Struct => KfuncStruct(pointee),
        TypeKind.Enum => KfuncEnum(pointee),
        TypeKind.Pointer => VoidPointer,
        _ => Integer(Math.Max(pointee.Size, 1), pointee.IsSigned),
    };

    private BtfType KfuncStruct(TypeDesc type)
    {
        string name = type.KernelName ?? BtfTypeConverter.CName(type.Name);
        if (!kfuncStructs.TryGetValue(name, out var structure))
        {
            structure = new BtfStruct(name, type.Size);
            kfuncStructs[name] = structure;
        }

        return structure;
    }

    private BtfType KfuncEnum(TypeDesc type)
    {
        string name = BtfTypeConverter.CName(type.Name);
        if (!kfuncEnums.TryGetValue(name, out var enumeration))
        {
            enumeration = new BtfEnum(name, type.Size, type.IsSigned, []);
            kfuncEnums[name] = enumeration;
        }

        return enumeration;
    }

    /// <summary>The prototype of a trait kfunc as the packet-traits series declares it.</summary>
    private BtfFuncProto TraitKfuncProto(string name)
    {
        var context = new BtfPointer(name.StartsWith("bpf_xdp_", StringComparison.Ordinal) ? XdpContext()
            : name.StartsWith("bpf_sock_addr_", StringComparison.Ordinal) ? SockAddrContext()
            : SkbContext());
        var u64 = Integer(8, false);
        List<BtfParameter> parameters = [new("ctx", context), new("key", u64)];
        if (name.EndsWith("_get", StringComparison.Ordinal))
        {
            parameters.Add(new BtfParameter("val", VoidPointer));
            parameters.Add(new BtfParameter("val__sz", u64));
        }
        else if (name.EndsWith("_set", StringComparison.Ordinal))
        {
            parameters.Add(new BtfParameter("val", new BtfPointer(new BtfConst(BtfVoid.Instance))));
            parameters.Add(new BtfParameter("val__sz", u64));
            parameters.Add(new BtfParameter("flags", u64));
        }

        return new BtfFuncProto(Integer(4, true), parameters);
    }

    private BtfType TypeOf(ScalarSignature signature) =>
        signature.IsPointer ? VoidPointer : Integer(signature.Size, signature.Signed);

    public BtfType Integer(int size, bool signed)
    {
        if (!integers.TryGetValue((size, signed), out var type))
        {
            string name = (size, signed) switch
            {
                (1, true) => "signed char",
                (1, false) => "unsigned char",
                (2, true) => "short",
                (2, false) => "unsigned short",
                (4, true) => "int",
                (4, false) => "unsigned int",
                (8, true) => "long long",
                _ => "unsigned long long",
            };
            type = new BtfInt(name, size, signed ? BtfIntEncoding.Signed : BtfIntEncoding.None);
            integers[(size, signed)] = type;
        }

        return type;
    }

    /// <summary>struct xdp_md as the UAPI defines it.</summary>
    private BtfType XdpContext()
    {
        if (xdpContext is null)
        {
            var u32 = new BtfTypedef("__u32", Integer(4, false));
            var structure = new BtfStruct("xdp_md", 24);
            string[] fields = ["data", "data_end", "data_meta", "ingress_ifindex", "rx_queue_index", "egress_ifindex"];
            for (int i = 0; i < fields.Length; i++)
            {
                structure.Members.Add(new BtfMember(fields[i], u32, i * 32));
            }

            xdpContext = structure;
        }

        return xdpContext;
    }

    /// <summary>
    /// struct __sk_buff, as a struct of its UAPI size without members: libbpf matches kfunc
    /// prototypes by kind and name (a forward declaration does not match the kernel's struct), and
    /// nothing reads the members.
    /// </summary>
    private BtfType SkbContext() => skbContext ??= new BtfStruct("__sk_buff", 192);

    /// <summary>struct bpf_sock_addr, as a struct of its UAPI size without members, for the same reason as <see cref="SkbContext"/>.</summary>
    private BtfType SockAddrContext() => sockAddrContext ??= new BtfStruct("bpf_sock_addr", 72);
}
