using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>Context accessors: a load or store of a context field, which the verifier rewrites.</summary>
internal sealed partial class FunctionBuilder
{
    private const string SockAddrPrefix = "bpf_sock_addr.";

    internal void LowerContextField(string name, ContextField field, MethodDesc method, List<StackEntry> arguments)
    {
        var ctx = arguments[0].Value;
        if (ctx.Kind != ValueKind.Ctx)
        {
            throw Error($"'{method.Name}' must be used on the program's context parameter");
        }

        bool write = method.ReturnType.Kind == TypeKind.Void;
        if (name.StartsWith(SockAddrPrefix, StringComparison.Ordinal) && attachTarget is { } hook
            && SockAddrHooks.Refusal(name[SockAddrPrefix.Length..], hook, write) is { } refusal)
        {
            throw Error($"'{method.Name}' cannot be used in a cgroup/{hook} program: {refusal}, and the verifier refuses the access");
        }

        if (name == "xdp_md.egress_ifindex" && xdpSlot != "devmap")
        {
            throw Error($"'{method.Name}' can be read only in a DEVMAP program ([Xdp(name, XdpAttach.DevMap)]): elsewhere no interface is chosen yet, and the verifier refuses the access");
        }

        int offset = field.Offset;
        int valueArgument = 1;
        if (field.Words > 1)
        {
            // The verifier checks context offsets when it loads the program: an index known only at run time has no offset to check.
            if (arguments[1].Value is not Constant { Value: var index } || index < 0 || index >= field.Words)
            {
                throw Error($"'{method.Name}' takes a constant word index from 0 to {field.Words - 1}: a context offset must be known when the program is loaded");
            }

            offset += (int)index * field.Size;
            valueArgument = 2;
        }

        if (write)
        {
            var value = Widen(arguments[valueArgument].Value, IrType.I32, false);
            Emit(new StoreInstruction(ctx, offset, field.Size, value));
        }
        else
        {
            Push(Emit(new LoadInstruction(ctx, offset, field.Size, false, field.Type, field.Kind)), method.ReturnType);
        }
    }

    /// <summary>
    /// <c>LoadByte/LoadHalf/LoadWord(offset)</c> of a TC or socket filter context: BPF_LD_ABS when the
    /// offset is a constant, BPF_LD_IND otherwise (instruction selection puts the context in r6).
    /// </summary>
    internal void LowerPacketLoad(int size, MethodDesc method, List<StackEntry> arguments)
    {
        var ctx = arguments[0].Value;
        if (ctx.Kind != ValueKind.Ctx)
        {
            throw Error($"'{method.Name}' must be used on the program's context parameter: BPF_LD_ABS reads the packet of the context in r6");
        }

        // The kernel's hidden exit returns 0 from the BPF function the load is in, which in a subprogram is the
        // subprogram's result rather than the program's: managed execution, where the subprogram is a C# call, cannot end there.
        if (!function.IsProgram)
        {
            throw Error($"'{method.Name}' (BPF_LD_ABS/BPF_LD_IND) in a [MethodImpl(NoInlining)] subprogram: a load past the packet would return 0 from the subprogram, not end the program, which managed execution cannot do; load in the program or in an inlined method");
        }

        var offset = Widen(arguments[1].Value, IrType.I32, true);
        Push(Emit(new PacketLoadInstruction(ctx, offset, size)), method.ReturnType);
    }

    /// <summary>LoadByte/LoadHalf/LoadWord on an XDP context, which the kernel refuses.</summary>
    internal Diagnostics.CompileException PacketLoadInXdp(MethodDesc method) =>
        Error($"'{method.Name}' (BPF_LD_ABS/BPF_LD_IND) cannot be used in an XDP program: the kernel allows classic packet loads only in socket filter and TC programs; read the packet through ctx.Header<T>(offset) or ctx.Data and ctx.DataEnd");
}
