using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Passes;

/// <summary>
/// Removes each span bounds check whose index is now provably below the span's constant length:
/// a constant once a loop is unrolled, or a counter its loop's exit test bounds
/// (<see cref="DominatingBounds"/>). A check over the packet (or memory of a kind still unknown) goes only
/// when its index is a constant. Checks that stay are refused after the pipeline (<see cref="SpanBoundsCheck"/>).
/// </summary>
internal sealed class SpanBoundsCheckFolding : IPass
{
    public bool Run(IrFunction function)
    {
        var checks = function.AllInstructions.OfType<SpanBoundsCheckInstruction>().ToList();
        if (checks.Count == 0)
        {
            return false;
        }

        var bounds = new DominatingBounds(new Dominators(function));
        bool changed = false;
        foreach (var check in checks.Where(c => IsProven(c, bounds)))
        {
            check.Block.Instructions.Remove(check);
            changed = true;
        }

        return changed;
    }

    /// <summary>Whether the check can never fail.</summary>
    public static bool IsProven(SpanBoundsCheckInstruction check, DominatingBounds bounds) =>
        check.Length is Constant { Value: >= 0 and <= int.MaxValue } length
        && (!check.NeedsConstantIndex || check.Index is Constant)
        && bounds.MaxAt(check.Index, check.Block) is { } max && max < (ulong)length.Value;
}
