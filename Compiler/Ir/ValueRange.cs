namespace TraitsBpf.Compiler.Ir;

/// <summary>
/// Upper bounds of values, as far as local structure shows them: narrow unsigned loads, masks,
/// shifts and sums of bounded values. The loop bound check and the simplifier's choice of
/// zero- over sign-extension use it.
/// </summary>
internal static class ValueRange
{
    private const int MaxDepth = 8;

    /// <summary>The largest unsigned value <paramref name="value"/> can have, or null when unknown.</summary>
    public static ulong? MaxUnsigned(Value value) => Max(value, 0, verifierSees: false);

    /// <summary>
    /// As <see cref="MaxUnsigned"/>, but only from operations whose bounds the kernel's verifier
    /// tracks too (not byte swaps or divisions): a test this bound makes redundant may go
    /// without the verifier losing a bound it needs for a later access.
    /// </summary>
    public static ulong? VerifierMaxUnsigned(Value value) => Max(value, 0, verifierSees: true);

    /// <summary>True when an I32 value is at most int.MaxValue, so its sign bit is clear.</summary>
    public static bool IsNonNegative(Value value) => MaxUnsigned(value) is <= int.MaxValue;

    private static ulong? Max(Value value, int depth, bool verifierSees)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        return value switch
        {
            Constant c => c.Value >= 0 ? (ulong)c.Value : c.Type == IrType.I32 ? (uint)(int)c.Value : null,
            LoadInstruction { SignExtend: false, Size: < 8 } load => (1UL << (8 * load.Size)) - 1,
            ConvertInstruction { Op: ConvertOp.ZeroExtend8 } => 0xFF,
            ConvertInstruction { Op: ConvertOp.ZeroExtend16 } => 0xFFFF,
            ConvertInstruction { Op: ConvertOp.ZeroExtend32 } z => Max(z.Operand, depth + 1, verifierSees) is { } m ? Math.Min(m, uint.MaxValue) : uint.MaxValue,
            ConvertInstruction { Op: ConvertOp.SignExtend32 or ConvertOp.Truncate } c2 => Max(c2.Operand, depth + 1, verifierSees) is <= int.MaxValue and var m2 ? m2 : null,
            ByteSwapInstruction { Bits: 16 } when !verifierSees => 0xFFFF,

            // The verifier marks a classic load's result unknown, whatever its width.
            PacketLoadInstruction { Size: < 4 } packetLoad when !verifierSees => (1UL << (8 * packetLoad.Size)) - 1,
            CompareInstruction => 1,
            BinaryInstruction b => Binary(b, depth, verifierSees),
            PhiInstruction phi => Phi(phi, depth, verifierSees),
            _ => null,
        };
    }

    private static ulong? Binary(BinaryInstruction b, int depth, bool verifierSees)
    {
        ulong limit = b.Type == IrType.I32 ? uint.MaxValue : ulong.MaxValue;
        ulong? left = Max(b.Left, depth + 1, verifierSees);
        ulong? right = Max(b.Right, depth + 1, verifierSees);
        ulong? result = b.Op switch
        {
            BinaryOp.And when b.Right is Constant { Value: >= 0 } mask => Math.Min((ulong)mask.Value, left ?? ulong.MaxValue),
            BinaryOp.And => left is null ? right : right is null ? left : Math.Min(left.Value, right.Value),
            BinaryOp.ShrUn when b.Right is Constant { Value: >= 0 and < 64 } shift => (left ?? limit) >> (int)shift.Value,
            BinaryOp.Shl when b.Right is Constant { Value: >= 0 and < 32 } shift && left is { } l && l < (1UL << 40) => l << (int)shift.Value,
            BinaryOp.Add when left is { } l && right is { } r && l < (1UL << 62) && r < (1UL << 62) => l + r,
            BinaryOp.Mul when left is { } l && right is { } r && l < (1UL << 31) && r < (1UL << 31) => l * r,
            BinaryOp.Or when left is { } l && right is { } r => NextPowerOfTwoMinusOne(Math.Max(l, r)),
            BinaryOp.DivUn or BinaryOp.RemUn when !verifierSees => left,
            _ => null,
        };
        return result is { } value && value <= limit ? value : null;
    }

    private static ulong? Phi(PhiInstruction phi, int depth, bool verifierSees)
    {
        ulong max = 0;
        foreach (var operand in phi.Operands)
        {
            if (operand == phi)
            {
                continue;
            }

            if (Max(operand, depth + 2, verifierSees) is not { } m)
            {
                return null;
            }

            max = Math.Max(max, m);
        }

        return max;
    }

    private static ulong NextPowerOfTwoMinusOne(ulong value)
    {
        ulong result = 1;
        while (result <= value && result != 0)
        {
            result <<= 1;
        }

        return result == 0 ? ulong.MaxValue : result - 1;
    }
}
