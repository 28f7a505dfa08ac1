namespace TraitsBpf.Compiler.Ir;

/// <summary>
/// Decides a comparison from what the IR shows about its operands, without running it: two
/// constants, one value compared with itself, a pointer the verifier knows is never null against
/// 0, or a scalar whose range (<see cref="ValueRange"/>) lies wholly on one side of a constant
/// (a zero-extended 16-bit load is never negative).
/// </summary>
internal static class BranchOutcome
{
    /// <summary>The comparison's result, or null when it depends on run-time values.</summary>
    public static bool? Decide(Condition condition, IrType width, Value left, Value right)
    {
        if (left is Constant a && right is Constant b)
        {
            return condition.Evaluate(a.Value, b.Value, width);
        }

        if (left == right)
        {
            return condition.Evaluate(0, 0, width);
        }

        if (right is Constant { Value: 0 } && condition is Condition.Eq or Condition.Ne && NeverNull(left))
        {
            return condition == Condition.Ne;
        }

        if (right is Constant c)
        {
            return AgainstConstant(condition, width, left, c.Value);
        }

        return left is Constant d ? AgainstConstant(condition.Swap(), width, right, d.Value) : null;
    }

    /// <summary>
    /// Pointers the verifier knows are never null: into the packet, the stack, the context, and
    /// phis of only such pointers.
    /// </summary>
    public static bool NeverNull(Value value) => NeverNull(value, []);

    private static bool NeverNull(Value value, HashSet<PhiInstruction> visiting) => value switch
    {
        Constant => false,
        PhiInstruction phi => visiting.Add(phi) && phi.Operands.All(o => o == phi || visiting.Contains(o) || NeverNull(o, visiting)),
        _ => value.Kind is ValueKind.Packet or ValueKind.PacketEnd or ValueKind.Meta or ValueKind.Stack or ValueKind.Ctx,
    };

    /// <summary>
    /// A scalar known to lie in [0, max], with max small enough that the signed and unsigned
    /// readings of the compared width agree, against a constant: every ordering condition is
    /// monotone over the interval, so its two ends decide it when they agree.
    /// </summary>
    private static bool? AgainstConstant(Condition condition, IrType width, Value value, long constant)
    {
        // A pointer loaded from the context is a scalar-sized load in the IR but not a number.
        if (value.Kind != ValueKind.Scalar || (value.Type == IrType.I32 && width == IrType.I64))
        {
            return null;
        }

        ulong signedMax = width == IrType.I32 ? int.MaxValue : (ulong)long.MaxValue;
        if (ValueRange.VerifierMaxUnsigned(value) is not { } max || max > signedMax)
        {
            return null;
        }

        long high = (long)max;
        long c = width == IrType.I32 ? (int)constant : constant;
        if (condition is Condition.Eq or Condition.Ne)
        {
            return c < 0 || c > high ? condition == Condition.Ne : null;
        }

        bool atLow = condition.Evaluate(0, constant, width);
        bool atHigh = condition.Evaluate(high, constant, width);
        return atLow == atHigh ? atLow : null;
    }
}
