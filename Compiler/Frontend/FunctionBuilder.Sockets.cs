using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;
using TraitsBpf.Object;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>Socket lookups: the tuple's size and the current namespace filled in.</summary>
internal sealed partial class FunctionBuilder
{
    // BPF_F_CURRENT_NETNS: a negative netns argument looks in the namespace of the packet's device.
    private const long CurrentNetns = -1;

    /// <summary>
    /// <c>ctx.LookupTcp(in tuple)</c>: helper(ctx, &amp;tuple, sizeof(tuple), BPF_F_CURRENT_NETNS, 0), the size
    /// telling the kernel the tuple's form (IPv4 or IPv6). The result is a socket reference or null.
    /// </summary>
    internal void LowerSocketLookup(BpfHelper helper, MethodDesc method, List<StackEntry> arguments)
    {
        var tuple = method.Parameters[0].Element ?? throw Error($"'{method.FullName}' must take its tuple by reference");
        var values = new List<Value> { arguments[0].Value, arguments[1].Value, new Constant(tuple.Size, IrType.I64), new Constant(CurrentNetns, IrType.I64), new Constant(0, IrType.I64) };
        Push(Emit(new HelperCallInstruction(helper, values, IrType.I64, ValueKind.Socket, true)), method.ReturnType);
    }
}
