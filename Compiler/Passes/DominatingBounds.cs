using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Passes;

/// <summary>
/// Upper bounds of 32-bit values at a block, from what <see cref="ValueRange"/> sees in the value
/// itself and from the comparisons on the way there: the edges of every branch that dominates
/// the block (a loop's <c>i &lt; 8</c> bounds <c>i</c> in the body). A signed test bounds a value
/// only when it is also known to be non-negative; a loop counter is when it starts at a
/// non-negative constant and each step adds a positive constant to it where a test bounds it
/// low enough not to wrap (an induction over the counter's definitions).
/// </summary>
internal sealed class DominatingBounds(Dominators dominators)
{
    private const int MaxDepth = 6;

    private readonly HashSet<PhiInstruction> assumedNonNegative = [];

    /// <summary>The largest unsigned value the I32 <paramref name="value"/> can have at <paramref name="block"/>, or null when unknown.</summary>
    public ulong? MaxAt(Value value, BasicBlock block) => Max(value, block, 0);

    private ulong? Max(Value value, BasicBlock block, int depth)
    {
        if (value is Constant c)
        {
            return (uint)(int)c.Value;
        }

        ulong? best = ValueRange.MaxUnsigned(value);
        if (depth < MaxDepth && value is BinaryInstruction { Op: BinaryOp.Add, Type: IrType.I32, Right: Constant { Value: >= 0 and <= int.MaxValue } step }
            && Max(((BinaryInstruction)value).Left, block, depth + 1) is { } left && left + (ulong)step.Value <= uint.MaxValue)
        {
            best = Min(best, left + (ulong)step.Value);
        }

        for (var at = block; at is not null; at = dominators.ImmediateDominator(at))
        {
            if (EdgeBound(value, at, depth) is { } bound)
            {
                best = Min(best, bound);
            }
        }

        return best;
    }

    /// <summary>The bound the branch into <paramref name="block"/>, its only predecessor's, puts on <paramref name="value"/>.</summary>
    private ulong? EdgeBound(Value value, BasicBlock block, int depth)
    {
        if (block.Predecessors.Count != 1 || block.Predecessors[0].Terminator is not BranchTerminator { Width: IrType.I32 } branch || branch.IfTrue == branch.IfFalse)
        {
            return null;
        }

        var holds = block == branch.IfTrue ? branch.Condition : branch.Condition.Negate();
        if (branch.Left == value && branch.Right is Constant right)
        {
            return Below(value, holds, (int)right.Value, block, depth);
        }

        return branch.Right == value && branch.Left is Constant left ? Below(value, holds.Swap(), (int)left.Value, block, depth) : null;
    }

    /// <summary>The bound <c>value holds limit</c> gives.</summary>
    private ulong? Below(Value value, Condition holds, int limit, BasicBlock block, int depth) => holds switch
    {
        Condition.LtU when limit != 0 => (uint)limit - 1UL,
        Condition.LeU => (uint)limit,
        Condition.Lt when limit > 0 && IsNonNegative(value, block, depth) => (ulong)limit - 1,
        Condition.Le when limit >= 0 && IsNonNegative(value, block, depth) => (ulong)limit,
        _ => null,
    };

    /// <summary>
    /// Whether the I32 <paramref name="value"/> is at most int.MaxValue. For a phi, by induction:
    /// assuming it is, each incoming value is a non-negative constant, the phi itself, or the phi
    /// plus a positive step where a test bounds the phi so that the sum does not pass int.MaxValue.
    /// </summary>
    private bool IsNonNegative(Value value, BasicBlock block, int depth)
    {
        if (ValueRange.IsNonNegative(value) || (value is PhiInstruction assumed && assumedNonNegative.Contains(assumed)))
        {
            return true;
        }

        if (value is not PhiInstruction phi || depth >= MaxDepth)
        {
            return false;
        }

        assumedNonNegative.Add(phi);
        try
        {
            return phi.Operands.All(operand => operand == phi || operand switch
            {
                Constant { Value: >= 0 and <= int.MaxValue } => true,
                BinaryInstruction { Op: BinaryOp.Add, Right: Constant { Value: > 0 and <= int.MaxValue } step } add when add.Left == phi =>
                    Max(phi, add.Block, depth + 1) is { } max && max + (ulong)step.Value <= int.MaxValue,
                _ => false,
            });
        }
        finally
        {
            assumedNonNegative.Remove(phi);
        }
    }

    private static ulong Min(ulong? a, ulong b) => a is { } x ? Math.Min(x, b) : b;
}
