using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;
using TraitsBpf.Object;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>Helpers about the task running the program, whose C# faces leave out sizes the compiler knows.</summary>
internal sealed partial class FunctionBuilder
{
    /// <summary><c>Bpf.GetNsCurrentPidTgid(dev, ino, out info)</c>: bpf_get_ns_current_pid_tgid(dev, ino, &amp;info, sizeof(info)).</summary>
    internal void LowerNsCurrentPidTgid(MethodDesc method, List<StackEntry> arguments)
    {
        var info = method.Parameters[2].Element ?? throw Error($"'{method.FullName}' must take its result by reference");
        var call = Emit(new HelperCallInstruction(BpfHelper.GetNsCurrentPidTgid,
            [Widen(arguments[0].Value, IrType.I64, false), Widen(arguments[1].Value, IrType.I64, false), arguments[2].Value, new Constant(info.Size, IrType.I64)],
            IrType.I64, ValueKind.Scalar, true));
        Push(Widen(call, IrType.I32, true), method.ReturnType);
    }
}
