using System.Globalization;
using TraitsBpf.Compiler.Diagnostics;
using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Passes;

/// <summary>
/// Refuses, at its C# line, a span bounds check the pass pipeline could not prove: .NET would
/// check the index at run time and throw, which a BPF program cannot, so the program is refused
/// rather than compiled without the check.
/// </summary>
internal static class SpanBoundsCheck
{
    public static void Check(IrFunction function)
    {
        var check = function.AllInstructions.OfType<SpanBoundsCheckInstruction>().FirstOrDefault();
        if (check is null)
        {
            return;
        }

        var bounds = new DominatingBounds(new Dominators(function));
        string message = check.NeedsConstantIndex && check.Index is not Constant && bounds.MaxAt(check.Index, check.Block) is { } max && check.Length is Constant { Value: var length } && max < (ulong)length
            ? SpanBoundsCheckInstruction.VariablePacketOffset
            : SpanBoundsCheckInstruction.IndexOutOfRange(Describe(check.Index, check.Block, bounds), Describe(check.Length, check.Block, bounds));
        throw new CompileException(message, check.Location, check.MethodName);
    }

    private static string Describe(Value value, BasicBlock block, DominatingBounds bounds) => value switch
    {
        Constant c => ((int)c.Value).ToString(CultureInfo.InvariantCulture),
        _ when bounds.MaxAt(value, block) is { } max => $"a value up to {max}",
        _ => "a value known only at run time",
    };
}
