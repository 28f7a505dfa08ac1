using System.Numerics;
using TraitsBpf.Compiler.Il;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// IL integer arithmetic, comparisons and conversions with the semantics the CLR gives them:
/// int32 operations wrap at 32 bits, int64 and native int at 64 bits, and what would throw at
/// type initialization (division by zero, checked overflow) is refused instead.
/// </summary>
internal static class InterpretedArithmetic
{
    public static InterpretedValue.Integer Binary(IlInstruction i, InterpretedValue.Integer a, InterpretedValue.Integer b, Func<string, Exception> refuse)
    {
        bool wide = a.Is64 || b.Is64;
        if (i.Op is IlOpcode.Shl or IlOpcode.Shr or IlOpcode.ShrUn)
        {
            return Shift(i.Op, a, (int)b.Bits);
        }

        return wide ? InterpretedValue.Integer.Of64(Apply<long, ulong>(i, a.Bits, b.Bits, refuse)) : InterpretedValue.Integer.Of32(Apply<int, uint>(i, (int)a.Bits, (int)b.Bits, refuse));
    }

    public static bool Compare(IlOpcode op, InterpretedValue.Integer a, InterpretedValue.Integer b)
    {
        bool wide = a.Is64 || b.Is64;
        long x = a.Bits, y = b.Bits;
        ulong ux = wide ? (ulong)x : (uint)x, uy = wide ? (ulong)y : (uint)y;
        return op switch
        {
            IlOpcode.Beq or IlOpcode.Ceq => x == y,
            IlOpcode.BneUn => x != y,
            IlOpcode.Bge => x >= y,
            IlOpcode.Bgt or IlOpcode.Cgt => x > y,
            IlOpcode.Ble => x <= y,
            IlOpcode.Blt or IlOpcode.Clt => x < y,
            IlOpcode.BgeUn => ux >= uy,
            IlOpcode.BgtUn or IlOpcode.CgtUn => ux > uy,
            IlOpcode.BleUn => ux <= uy,
            IlOpcode.BltUn or IlOpcode.CltUn => ux < uy,
            _ => throw new InvalidOperationException($"{op} is not a comparison"),
        };
    }

    public static InterpretedValue.Integer Unary(IlOpcode op, InterpretedValue.Integer a) => op switch
    {
        IlOpcode.Neg => a.Is64 ? InterpretedValue.Integer.Of64(unchecked(-a.Bits)) : InterpretedValue.Integer.Of32(unchecked(-(int)a.Bits)),
        _ => a.Is64 ? InterpretedValue.Integer.Of64(~a.Bits) : InterpretedValue.Integer.Of32(~(int)a.Bits),
    };

    /// <summary>conv.* and conv.ovf.*: the source is read as unsigned for the .un forms.</summary>
    public static InterpretedValue.Integer Convert(IlInstruction i, InterpretedValue.Integer a, Func<string, Exception> refuse)
    {
        bool sourceUnsigned = i.Unsigned;
        long value = a.Bits;
        if (!a.Is64 && sourceUnsigned)
        {
            value = (uint)value;
        }

        if (i.Overflow && !Fits(value, sourceUnsigned, i.Kind, a.Is64))
        {
            throw refuse($"a checked conversion of {Describe(a, sourceUnsigned)} to {i.Kind} that overflows (it would throw at type initialization)");
        }

        return i.Kind switch
        {
            IlValueKind.I1 => InterpretedValue.Integer.Of32((sbyte)value),
            IlValueKind.U1 => InterpretedValue.Integer.Of32((byte)value),
            IlValueKind.I2 => InterpretedValue.Integer.Of32((short)value),
            IlValueKind.U2 => InterpretedValue.Integer.Of32((ushort)value),
            IlValueKind.I4 or IlValueKind.U4 => InterpretedValue.Integer.Of32((int)value),
            IlValueKind.I8 or IlValueKind.I => InterpretedValue.Integer.Of64(a.Is64 || sourceUnsigned ? value : (int)value),
            IlValueKind.U8 or IlValueKind.U => InterpretedValue.Integer.Of64(a.Is64 ? value : (uint)value),
            _ => throw refuse($"a conversion to {i.Kind} (floating point cannot initialize BPF globals)"),
        };
    }

    private static bool Fits(long value, bool sourceUnsigned, IlValueKind kind, bool sourceWide)
    {
        // The source as the mathematical integer it denotes.
        Int128 v = sourceUnsigned ? (sourceWide ? (ulong)value : (uint)value) : value;
        return kind switch
        {
            IlValueKind.I1 => v >= sbyte.MinValue && v <= sbyte.MaxValue,
            IlValueKind.U1 => v >= 0 && v <= byte.MaxValue,
            IlValueKind.I2 => v >= short.MinValue && v <= short.MaxValue,
            IlValueKind.U2 => v >= 0 && v <= ushort.MaxValue,
            IlValueKind.I4 => v >= int.MinValue && v <= int.MaxValue,
            IlValueKind.U4 => v >= 0 && v <= uint.MaxValue,
            IlValueKind.I8 or IlValueKind.I => v >= long.MinValue && v <= long.MaxValue,
            IlValueKind.U8 or IlValueKind.U => v >= 0 && v <= ulong.MaxValue,
            _ => false,
        };
    }

    private static string Describe(InterpretedValue.Integer a, bool unsigned) =>
        unsigned ? (a.Is64 ? ((ulong)a.Bits).ToString(System.Globalization.CultureInfo.InvariantCulture) : ((uint)a.Bits).ToString(System.Globalization.CultureInfo.InvariantCulture)) : a.Bits.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static InterpretedValue.Integer Shift(IlOpcode op, InterpretedValue.Integer a, int count)
    {
        if (a.Is64)
        {
            return InterpretedValue.Integer.Of64(op switch
            {
                IlOpcode.Shl => a.Bits << count,
                IlOpcode.Shr => a.Bits >> count,
                _ => (long)((ulong)a.Bits >> count),
            });
        }

        int x = (int)a.Bits;
        return InterpretedValue.Integer.Of32(op switch
        {
            IlOpcode.Shl => x << count,
            IlOpcode.Shr => x >> count,
            _ => (int)((uint)x >> count),
        });
    }

    // One body for int32 and int64: TSigned is the stack type, TUnsigned its unsigned twin for the .un forms.
    private static TSigned Apply<TSigned, TUnsigned>(IlInstruction i, TSigned a, TSigned b, Func<string, Exception> refuse)
        where TSigned : IBinaryInteger<TSigned>
        where TUnsigned : IBinaryInteger<TUnsigned>
    {
        static TUnsigned U(TSigned v) => TUnsigned.CreateTruncating(v);
        static TSigned S(TUnsigned v) => TSigned.CreateTruncating(v);
        try
        {
            return (i.Op, i.Overflow, i.Unsigned) switch
            {
                (IlOpcode.Add, true, false) => checked(a + b),
                (IlOpcode.Add, true, true) => S(checked(U(a) + U(b))),
                (IlOpcode.Sub, true, false) => checked(a - b),
                (IlOpcode.Sub, true, true) => S(checked(U(a) - U(b))),
                (IlOpcode.Mul, true, false) => checked(a * b),
                (IlOpcode.Mul, true, true) => S(checked(U(a) * U(b))),
                (IlOpcode.Add, _, _) => unchecked(a + b),
                (IlOpcode.Sub, _, _) => unchecked(a - b),
                (IlOpcode.Mul, _, _) => unchecked(a * b),
                (IlOpcode.Div, _, _) => a / b,
                (IlOpcode.DivUn, _, _) => S(U(a) / U(b)),
                (IlOpcode.Rem, _, _) => a % b,
                (IlOpcode.RemUn, _, _) => S(U(a) % U(b)),
                (IlOpcode.And, _, _) => a & b,
                (IlOpcode.Or, _, _) => a | b,
                (IlOpcode.Xor, _, _) => a ^ b,
                _ => throw refuse($"'{i.Mnemonic}'"),
            };
        }
        catch (ArithmeticException e)
        {
            throw refuse($"'{i.Mnemonic}' of {a} and {b}, which throws {e.GetType().Name} at type initialization");
        }
    }
}
