using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;
using TraitsBpf.Abi;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// Packet traits: <c>ctx.Traits.Set/TryGet/Delete</c> become kfunc calls (kfunc backend), the
/// SDK's store code inlined over the XDP metadata area (meta backend, and the stash backend at XDP)
/// or over the sk_buff's entry in the host-wide stash map (stash backend on an sk_buff), named traits' keys come
/// from .rodata variables the loader sets, and XDP programs that set traits under the meta or stash
/// backend reserve the area once, at entry, so no packet pointer is invalidated later.
/// </summary>
internal sealed partial class FunctionBuilder
{
    private const string MetaBackendType = "TraitsBpf.CompilerServices.MetaTraitsBackend";
    private const string StashBackendType = "TraitsBpf.CompilerServices.StashTraitsBackend";
    private const int XdpDataMeta = 8;
    private const int XdpData = 0;
    private const int XdpDataEnd = 4;
    private const int SkbDataMeta = 140;
    private const int SkbData = 76;
    private const int SkbDataEnd = 80;

    /// <summary>Where a program reaches traits: what each backend can do there differs.</summary>
    private enum TraitHook
    {
        Xdp,
        Skb,
        SocketFilter,
        CgroupSkb,
        SockAddr,
    }

    /// <summary>The context values <c>ctx.Traits</c> returned, and the hook of each.</summary>
    private readonly Dictionary<Value, TraitHook> traitOwners = [];

    /// <summary>Set when an XDP program sets a trait under the meta backend: the entry must reserve the store.</summary>
    private bool needsMetaReservation;

    /// <summary>An SDK type, to find the meta backend's SDK code by name in the same assembly.</summary>
    private TypeDesc? sdkType;

    internal void LowerTraitsProperty(MethodDesc method, List<StackEntry> arguments)
    {
        var ctx = arguments[0].Value;
        if (ctx.Kind != ValueKind.Ctx)
        {
            throw Error("'Traits' must be used on the program's context parameter");
        }

        traitOwners[ctx] = method.DeclaringType.FullName switch
        {
            "TraitsBpf.XdpContext" => TraitHook.Xdp,
            "TraitsBpf.SocketContext" => TraitHook.SocketFilter,
            "TraitsBpf.CgroupSkbContext" => TraitHook.CgroupSkb,
            "TraitsBpf.SockAddrContext" => TraitHook.SockAddr,
            _ => TraitHook.Skb,
        };
        Push(ctx, method.ReturnType);
    }

    internal void LowerTraitSet(MethodDesc method, List<StackEntry> arguments)
    {
        var (ctx, hook, key, size) = TraitOperands(method, arguments, writes: true);
        var flags = Widen(arguments[3].Value, IrType.I64, false);
        var value = arguments[2].Value;
        if (size > 0 && value.Kind == ValueKind.MapValue && backend == TraitsBackend.Kfunc)
        {
            // The verifier refuses a kfunc a pointer into a read-only map (a static readonly value lives in .rodata),
            // so the value travels through the stack, as a C program's local would.
            var copy = Emit(new StackAddressInstruction(function.NewSlot(size, 8, "trait.value")));
            CopyMemory(copy, 0, value, 0, size, method.GenericArguments[0].Alignment);
            value = copy;
        }

        Push(HookTraitCall(hook, "set", [ctx, key, value, new Constant(size, IrType.I64), flags]), method.ReturnType);
        needsMetaReservation |= hook == TraitHook.Xdp && backend is TraitsBackend.Meta or TraitsBackend.Stash;
    }

    internal void LowerTraitGet(MethodDesc method, List<StackEntry> arguments)
    {
        var (ctx, hook, key, size) = TraitOperands(method, arguments);
        var destination = arguments[2].Value;
        if (size > 0)
        {
            ZeroMemory(destination, 0, size, 1);
        }

        var result = HookTraitCall(hook, "get", [ctx, key, destination, new Constant(size, IrType.I64)]);
        Push(Emit(new CompareInstruction(Condition.Ge, result, new Constant(0, IrType.I32), IrType.I32)), method.ReturnType);
    }

    internal void LowerTraitDelete(MethodDesc method, List<StackEntry> arguments)
    {
        var (ctx, hook, key, _) = TraitOperands(method, arguments, writes: true);
        Push(HookTraitCall(hook, "del", [ctx, key]), method.ReturnType);
    }

    /// <summary>What every trait operation checks and needs: the context, its hook, the key and the value size.</summary>
    private (Value Ctx, TraitHook Hook, Value Key, int Size) TraitOperands(MethodDesc method, List<StackEntry> arguments, bool writes = false)
    {
        var ctx = arguments[0].Value;
        if (!traitOwners.TryGetValue(ctx, out var hook))
        {
            throw Error("use traits through the program's context, as 'ctx.Traits'");
        }

        if (HookRefusal(hook, $"'ctx.Traits.{method.Name}'", writes) is { } refusal)
        {
            throw Error(refusal);
        }

        sdkType = method.DeclaringType;
        globals.UsesTraits = true;
        var valueType = method.GenericArguments.Count > 0 ? method.GenericArguments[0] : null;
        int size = valueType is null ? 0 : TraitTypes.SizeOf(valueType);
        if (valueType is not null && !TraitTypes.IsValidSize(size))
        {
            throw Error($"a trait value of type '{valueType.Name}' is {size} bytes; trait values are {Abi.TraitValueSizes.Description}");
        }

        return (ctx, hook, TraitKey(arguments[1]), size);
    }

    /// <summary>The key as a u64: a named trait's .rodata variable, or a constant or computed integer key.</summary>
    private Value TraitKey(StackEntry key)
    {
        if (TraitTypes.IsTrait(key.Type))
        {
            return key.Value;
        }

        if (key.Value is Constant c)
        {
            if (!Abi.TraitKeys.IsValid(c.Value))
            {
                throw Error($"trait key {c.Value} is out of range: keys are 0 to {Abi.TraitKeys.Max}");
            }

            globals.ReserveKey((int)c.Value);
        }

        return Widen(key.Value, IrType.I64, false);
    }

    /// <summary>A trait kfunc call; the result is the kernel's int (0, a size, or -errno).</summary>
    private Value KfuncTraitCall(string name, List<Value> arguments)
    {
        globals.UseKfunc(name);
        var call = Emit(new KfuncCallInstruction(name, arguments));
        return Widen(call, IrType.I32, true);
    }

    /// <summary>One trait operation through the chosen backend; the result is the kernel's int (0, a size, or -errno).</summary>
    private Value TraitCall(bool xdp, string operation, List<Value> arguments)
    {
        if (backend == TraitsBackend.Kfunc)
        {
            return KfuncTraitCall(Abi.TraitKfuncs.Name(xdp, operation), arguments);
        }

        // Meta and stash backends: the SDK's store code, over [data_meta, data) checked against the packet [data, data_end),
        // and for the stash on an sk_buff, over its entry in the host-wide map, found through the kernel's sk_buff.
        bool stash = backend == TraitsBackend.Stash && !xdp;
        var ctx = arguments[0];
        var meta = Emit(new LoadInstruction(ctx, xdp ? XdpDataMeta : SkbDataMeta, 4, false, IrType.I64, ValueKind.Meta));
        var data = Emit(new LoadInstruction(ctx, xdp ? XdpData : SkbData, 4, false, IrType.I64, ValueKind.Packet));
        var end = Emit(new LoadInstruction(ctx, xdp ? XdpDataEnd : SkbDataEnd, 4, false, IrType.I64, ValueKind.PacketEnd));
        string method = operation switch { "set" => "Set", "get" => "Get", _ => "Delete" };
        var glue = BackendMethod(stash ? StashBackendType : MetaBackendType, method);
        var entries = new List<StackEntry>();
        if (stash)
        {
            entries.Add(new StackEntry(KernelSkb(ctx), glue.Parameters[0]));
        }

        foreach (var value in new[] { meta, data, end })
        {
            entries.Add(new StackEntry(value, glue.Parameters[entries.Count]));
        }

        int contextParameters = entries.Count;
        for (int a = 1; a < arguments.Count; a++)
        {
            var parameter = glue.Parameters[a + contextParameters - 1];
            entries.Add(new StackEntry(Widen(arguments[a], IrTypeOf(parameter), false), parameter));
        }

        Inline(glue, entries);
        return Pop().Value;
    }

    /// <summary>
    /// <c>TryGet</c> in a socket filter: the kfunc backend's bpf_skb_trait_get (the series registers only it for socket
    /// filters), or the stash backend's entry of the sk_buff. The meta backend has nothing to read: socket filters
    /// cannot reach the metadata area, so a program that asks is refused rather than always told "no traits".
    /// </summary>
    private Value SocketTraitGet(List<Value> arguments) => backend switch
    {
        TraitsBackend.Kfunc => TraitCall(false, "get", arguments),
        TraitsBackend.Stash => EntryTraitCall("get", arguments),
        _ => throw Error("a socket filter reads traits under the kfunc or stash backend; under meta it cannot reach the metadata area where XDP leaves them (compile with --traits stash, or kfunc on a kernel with the packet-traits series)"),
    };

    /// <summary>
    /// One trait operation (get, set or del) where <paramref name="hook"/> allows it: cgroup skb programs work on the
    /// sk_buff's stash entry alone, socket filters only read (their writes were refused with the operands), and XDP
    /// and TC programs go through the chosen backend.
    /// </summary>
    private Value HookTraitCall(TraitHook hook, string operation, List<Value> operands) => hook switch
    {
        TraitHook.CgroupSkb => EntryTraitCall(operation, operands),
        TraitHook.SocketFilter => SocketTraitGet(operands),
        TraitHook.SockAddr => KfuncTraitCall(Abi.TraitKfuncs.SockAddrName(operation), operands),
        _ => TraitCall(hook == TraitHook.Xdp, operation, operands),
    };

    /// <summary>
    /// Why <paramref name="hook"/> refuses <paramref name="operation"/> (a change when <paramref name="writes"/>) under
    /// the chosen backend, or null: a socket filter only reads; a cgroup skb program reaches only the stash; a cgroup
    /// socket-address program reaches traits only through the series' kfuncs, and only at the UDP message hooks.
    /// </summary>
    private string? HookRefusal(TraitHook hook, string operation, bool writes) => hook switch
    {
        TraitHook.SocketFilter when writes => $"{operation}: {Abi.TraitKfuncs.SocketFilterReadsOnly}",
        TraitHook.CgroupSkb when backend != TraitsBackend.Stash =>
            $"{operation} in a cgroup skb program needs the stash backend: the packet-traits series has no trait kfuncs for cgroup skb programs, and they cannot reach the metadata area the meta backend uses (compile with --traits stash)",
        TraitHook.SockAddr when attachTarget is { } suffix && SockAddrHooks.TraitRefusal(suffix) is { } refusal =>
            $"{operation} cannot be used in a cgroup/{suffix} program: {refusal}",
        TraitHook.SockAddr when backend != TraitsBackend.Kfunc =>
            $"{operation} at a cgroup socket-address hook needs the kfunc backend: only the packet-traits series' {Abi.TraitKfuncs.SockAddrName("*")} kfuncs reach the datagram a socket sends or reads (compile with --traits kfunc, for a kernel with the series)",
        _ => null,
    };

    /// <summary>
    /// A stash operation on the sk_buff's entry alone (a <c>StashTraitsBackend</c> method taking the kernel's sk_buff and
    /// the operation's operands), for hooks that cannot read the metadata area: socket filters and cgroup skb programs.
    /// </summary>
    private Value EntryTraitCall(string operation, List<Value> arguments)
    {
        var method = BackendMethod(StashBackendType, operation switch { "get" => "GetFromEntry", "set" => "SetInEntry", _ => "DeleteFromEntry" });
        var entries = new List<StackEntry> { new(KernelSkb(arguments[0]), method.Parameters[0]) };
        for (int a = 1; a < arguments.Count; a++)
        {
            var parameter = method.Parameters[a];
            entries.Add(new StackEntry(Widen(arguments[a], IrTypeOf(parameter), false), parameter));
        }

        Inline(method, entries);
        return Pop().Value;
    }

    /// <summary>
    /// The program's <c>struct sk_buff</c> (bpf_cast_to_kern_ctx), a BTF pointer read field by field with CO-RE
    /// relocations: <c>TcContext.KernelSkBuff</c>, and the stash backend, which keys by it and reads the generation through it.
    /// </summary>
    private Value KernelSkb(Value ctx)
    {
        if (programKind is null)
        {
            throw Error(backend == TraitsBackend.Stash
                ? "a [MethodImpl(NoInlining)] subprogram uses traits under the stash backend; use traits in the program itself or in inlined methods (the stash reaches the sk_buff through the program's context)"
                : "a [MethodImpl(NoInlining)] subprogram reaches the kernel's sk_buff; do it in the program itself or in inlined methods (the sk_buff is reached through the program's context)");
        }

        globals.UseKfunc(Abi.TraitKfuncs.CastToKernContext);
        return Emit(new KfuncCallInstruction(Abi.TraitKfuncs.CastToKernContext, [ctx], ValueKind.Kernel));
    }

    /// <summary><c>ctx.KernelSkBuff</c>: the cast, typed as the SDK's <c>SkBuff*</c>.</summary>
    internal void LowerKernelSkb(MethodDesc method, List<StackEntry> arguments) =>
        Push(KernelSkb(arguments[0].Value), method.ReturnType);

    private MethodDesc BackendMethod(string type, string name) =>
        types.FindStaticMethod(sdkType!, type, name)
        ?? throw Error($"the SDK has no {type}.{name}; the program was built against an SDK without that traits backend");

    /// <summary>
    /// Puts the meta backend's reservation of the store in front of the program, so it runs before
    /// any user code holds a packet pointer (growing the metadata area invalidates them all).
    /// </summary>
    private void InsertMetaReservation(MethodDesc program)
    {
        var oldEntry = function.Entry;
        var prologue = function.NewBlock();
        function.Blocks.Remove(prologue);
        function.Blocks.Insert(0, prologue);
        current = prologue;
        ssa.Seal(prologue);
        frame = new InlineFrame(program, null);
        location = function.Location;
        var reserve = BackendMethod(MetaBackendType, "ReserveXdp");
        Inline(reserve, [new StackEntry(function.Parameters[0], program.Parameters[0])]);
        Jump(oldEntry);
    }
}
