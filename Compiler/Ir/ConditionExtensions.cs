namespace TraitsBpf.Compiler.Ir;

/// <summary>Algebra on <see cref="Condition"/>: negation, operand swap, evaluation.</summary>
internal static class ConditionExtensions
{
    /// <summary>The condition that holds exactly when <paramref name="c"/> does not.</summary>
    public static Condition Negate(this Condition c) => c switch
    {
        Condition.Eq => Condition.Ne,
        Condition.Ne => Condition.Eq,
        Condition.Lt => Condition.Ge,
        Condition.Le => Condition.Gt,
        Condition.Gt => Condition.Le,
        Condition.Ge => Condition.Lt,
        Condition.LtU => Condition.GeU,
        Condition.LeU => Condition.GtU,
        Condition.GtU => Condition.LeU,
        Condition.GeU => Condition.LtU,
        _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };

    /// <summary>The condition for the operands swapped: <c>a &lt; b</c> is <c>b &gt; a</c>.</summary>
    public static Condition Swap(this Condition c) => c switch
    {
        Condition.Lt => Condition.Gt,
        Condition.Le => Condition.Ge,
        Condition.Gt => Condition.Lt,
        Condition.Ge => Condition.Le,
        Condition.LtU => Condition.GtU,
        Condition.LeU => Condition.GeU,
        Condition.GtU => Condition.LtU,
        Condition.GeU => Condition.LeU,
        _ => c,
    };

    /// <summary>Evaluates the condition on two constants of the given width.</summary>
    public static bool Evaluate(this Condition c, long a, long b, IrType type)
    {
        if (type == IrType.I32)
        {
            a = (int)a;
            b = (int)b;
        }

        ulong ua = type == IrType.I32 ? (uint)a : (ulong)a;
        ulong ub = type == IrType.I32 ? (uint)b : (ulong)b;
        return c switch
        {
            Condition.Eq => a == b,
            Condition.Ne => a != b,
            Condition.Lt => a < b,
            Condition.Le => a <= b,
            Condition.Gt => a > b,
            Condition.Ge => a >= b,
            Condition.LtU => ua < ub,
            Condition.LeU => ua <= ub,
            Condition.GtU => ua > ub,
            Condition.GeU => ua >= ub,
            _ => throw new ArgumentOutOfRangeException(nameof(c)),
        };
    }
}
