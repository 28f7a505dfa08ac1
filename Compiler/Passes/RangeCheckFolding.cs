using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Passes;

/// <summary>
/// Turns a value's two-sided range test, <c>x &gt;= lo &amp;&amp; x &lt;= hi</c> as two branches,
/// into one unsigned comparison, <c>(x - lo) &lt;=u (hi - lo)</c>, as clang does. One branch
/// fewer is one path fewer for the verifier to walk at each such test (a port range in a
/// filter), and a subtraction is cheaper than a jump.
/// </summary>
internal sealed class RangeCheckFolding : IPass
{
    public bool Run(IrFunction function)
    {
        foreach (var block in function.Blocks)
        {
            if (TryFold(function, block))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryFold(IrFunction function, BasicBlock first)
    {
        if (first.Terminator is not BranchTerminator outer || Test(outer) is not { } a)
        {
            return false;
        }

        foreach (var second in outer.Successors)
        {
            if (second == first || second.Predecessors.Count != 1 || second.Instructions.Count != 1
                || second.Terminator is not BranchTerminator inner || Test(inner) is not { } b
                || b.Value != a.Value || inner.Width != outer.Width || b.Unsigned != a.Unsigned)
            {
                continue;
            }

            // 'out' is where the first test goes when it does not go on to the second.
            var outside = second == outer.IfTrue ? outer.IfFalse : outer.IfTrue;
            bool firstLeavesWhenTrue = outer.IfTrue == outside;
            if (outside == second || !inner.Successors.Contains(outside) || inner.IfTrue == inner.IfFalse)
            {
                continue;
            }

            bool secondLeavesWhenTrue = inner.IfTrue == outside;
            var inside = secondLeavesWhenTrue ? inner.IfFalse : inner.IfTrue;
            if (inside == first || !SameIncoming(outside, first, second))
            {
                continue;
            }

            if (BoundOf(a, firstLeavesWhenTrue) is not { } one || BoundOf(b, secondLeavesWhenTrue) is not { } two || one.IsLower == two.IsLower)
            {
                continue;
            }

            var (lower, upper) = one.IsLower ? (one, two) : (two, one);
            if (Compare(lower.Limit, upper.Limit, outer.Width, a.Unsigned) > 0)
            {
                continue;
            }

            Fold(function, first, second, outer, a.Value, lower.Limit, upper.Limit, inside, outside);
            return true;
        }

        return false;
    }

    private static void Fold(IrFunction function, BasicBlock first, BasicBlock second, BranchTerminator outer, Value value, long lo, long hi, BasicBlock inside, BasicBlock outside)
    {
        var width = outer.Width;
        var offset = new BinaryInstruction(BinaryOp.Sub, value, new Constant(lo, width), width, ValueKind.Scalar) { Id = function.NewId(), Location = outer.Location };
        first.InsertBeforeTerminator(offset);
        var span = new Constant(Truncate(hi - lo, width), width);
        ControlFlowEdits.ReplaceTerminator(first, new BranchTerminator(Condition.LeU, offset, span, width, inside, outside));

        // The second block goes: its edge to 'outside' was the same as the first block's, and
        // 'inside' now comes straight from the first.
        ControlFlowEdits.RemovePredecessor(outside, second);
        inside.Predecessors[inside.Predecessors.IndexOf(second)] = first;
        second.Instructions.Clear();
        second.Predecessors.Clear();
        function.Blocks.Remove(second);
    }

    /// <summary>Whether every phi of <paramref name="block"/> receives the same value from both predecessors.</summary>
    private static bool SameIncoming(BasicBlock block, BasicBlock a, BasicBlock b) =>
        block.Phis.All(phi => ControlFlowEdits.IncomingFrom(phi, a) == ControlFlowEdits.IncomingFrom(phi, b));

    /// <summary>A comparison of a scalar with a constant, the constant on the right.</summary>
    private static Comparison? Test(BranchTerminator branch)
    {
        var (condition, left, right) = branch.Left is Constant && branch.Right is not Constant
            ? (branch.Condition.Swap(), branch.Right, branch.Left)
            : (branch.Condition, branch.Left, branch.Right);
        if (right is not Constant limit || left is Constant || left.Kind != ValueKind.Scalar || left.Type != branch.Width)
        {
            return null;
        }

        // Limits are kept as the comparison reads them: a 32-bit constant as int or uint.
        long Normalized(bool unsigned) => branch.Width != IrType.I32 ? limit.Value : unsigned ? (uint)limit.Value : (int)limit.Value;
        return condition switch
        {
            Condition.Lt or Condition.Le or Condition.Gt or Condition.Ge => new Comparison(left, condition, Normalized(false), false),
            Condition.LtU or Condition.LeU or Condition.GtU or Condition.GeU => new Comparison(left, condition, Normalized(true), true),
            _ => null,
        };
    }

    /// <summary>
    /// What a test that leaves the range when <paramref name="leavesWhenTrue"/> says about the
    /// range: a lower bound (staying needs x &gt;= limit) or an upper bound (x &lt;= limit). Null
    /// when the bound would wrap, so that the range would be empty or everything.
    /// </summary>
    private static Bound? BoundOf(Comparison test, bool leavesWhenTrue)
    {
        var leaves = leavesWhenTrue ? test.Condition : test.Condition.Negate();
        var width = test.Value.Type;
        // Checked against the extremes as normalized above, so that 'x <= MAX' is never turned into 'x >= MAX + 1'.
        return leaves switch
        {
            Condition.Lt or Condition.LtU => new Bound(true, test.Limit),
            Condition.Le or Condition.LeU => test.Limit == Max(width, test.Unsigned) ? null : new Bound(true, test.Limit + 1),
            Condition.Gt or Condition.GtU => new Bound(false, test.Limit),
            Condition.Ge or Condition.GeU => test.Limit == Min(width, test.Unsigned) ? null : new Bound(false, test.Limit - 1),
            _ => null,
        };
    }

    private static long Max(IrType width, bool unsigned) => (width, unsigned) switch
    {
        (IrType.I32, false) => int.MaxValue,
        (IrType.I32, true) => uint.MaxValue,
        (_, false) => long.MaxValue,
        _ => -1,
    };

    private static long Min(IrType width, bool unsigned) => (width, unsigned) switch
    {
        (IrType.I32, false) => int.MinValue,
        (_, false) => long.MinValue,
        _ => 0,
    };

    private static int Compare(long a, long b, IrType width, bool unsigned) => (width, unsigned) switch
    {
        (IrType.I32, false) => ((int)a).CompareTo((int)b),
        (IrType.I32, true) => ((uint)a).CompareTo((uint)b),
        (_, false) => a.CompareTo(b),
        _ => ((ulong)a).CompareTo((ulong)b),
    };

    private static long Truncate(long value, IrType width) => width == IrType.I32 ? (uint)value : value;

    private sealed record Comparison(Value Value, Condition Condition, long Limit, bool Unsigned);

    private readonly record struct Bound(bool IsLower, long Limit);
}
