// One list of expressions, instantiated for each integer type. Each Eval is compiled to BPF and
// run in the kernel by IntegerSemanticsTests, and run natively for the expected result.
#pragma warning disable CS0675 // Bitwise-or on a sign-extended operand is the point of the test.

namespace TraitsBpf.Programs.Tests.Semantics;

/// <summary>Integer operations on <c>int</c>, selected by number.</summary>
public static class Int32Operations
{
    /// <summary>The number of operations.</summary>
    public const int Count = 32;

    /// <summary>Operation <paramref name="op"/> on <paramref name="a"/> and <paramref name="b"/>, widened to long.</summary>
    public static long Eval(int op, int a, int b) => op switch
    {
        0 => unchecked((long)((int)(a + b))),
        1 => unchecked((long)((int)(a - b))),
        2 => unchecked((long)((int)(a * b))),
        3 => unchecked((long)((int)(a / b))),
        4 => unchecked((long)((int)(a % b))),
        5 => unchecked((long)((int)(a & b))),
        6 => unchecked((long)((int)(a | b))),
        7 => unchecked((long)((int)(a ^ b))),
        8 => unchecked((long)((int)(a << (int)b))),
        9 => unchecked((long)((int)(a >> (int)b))),
        10 => unchecked((long)((int)(~a))),
        11 => unchecked((long)((int)(0 - a))),
        12 => unchecked((long)(a == b ? 1 : 0)),
        13 => unchecked((long)(a != b ? 1 : 0)),
        14 => unchecked((long)(a < b ? 1 : 0)),
        15 => unchecked((long)(a <= b ? 1 : 0)),
        16 => unchecked((long)(a > b ? 1 : 0)),
        17 => unchecked((long)(a >= b ? 1 : 0)),
        18 => unchecked((long)((int)(a * 3 + b / 7 - (a ^ 0x55)))),
        19 => unchecked((long)((int)(a >>> (int)b))),
        20 => unchecked((long)((int)(a << 3))),
        21 => unchecked((long)((int)(a >> 5))),
        22 => unchecked((long)((int)(a / 7))),
        23 => unchecked((long)((int)(a % 10))),
        24 => unchecked((long)(a < 0 ? 1 : 0)),
        25 => unchecked((long)((int)(a * a))),
        26 => unchecked((long)((int)((a & 0xF0) >> 4 | (a & 0x0F) << 4))),
        27 => unchecked((long)((int)(b != 0 ? a : b))),
        28 => unchecked((long)(Math.Min(a, b))),
        29 => unchecked((long)(Math.Max(a, b))),
        30 => unchecked((long)(a == int.MinValue ? 0 : Math.Abs(a))),
        31 => unchecked((long)(Math.Clamp(a, -100, 1000))),
        _ => -1,
    };
}

/// <summary>Integer operations on <c>uint</c>, selected by number.</summary>
public static class UInt32Operations
{
    /// <summary>The number of operations.</summary>
    public const int Count = 31;

    /// <summary>Operation <paramref name="op"/> on <paramref name="a"/> and <paramref name="b"/>, widened to long.</summary>
    public static long Eval(int op, uint a, uint b) => op switch
    {
        0 => unchecked((long)((uint)(a + b))),
        1 => unchecked((long)((uint)(a - b))),
        2 => unchecked((long)((uint)(a * b))),
        3 => unchecked((long)((uint)(a / b))),
        4 => unchecked((long)((uint)(a % b))),
        5 => unchecked((long)((uint)(a & b))),
        6 => unchecked((long)((uint)(a | b))),
        7 => unchecked((long)((uint)(a ^ b))),
        8 => unchecked((long)((uint)(a << (int)b))),
        9 => unchecked((long)((uint)(a >> (int)b))),
        10 => unchecked((long)((uint)(~a))),
        11 => unchecked((long)((uint)(0U - a))),
        12 => unchecked((long)(a == b ? 1 : 0)),
        13 => unchecked((long)(a != b ? 1 : 0)),
        14 => unchecked((long)(a < b ? 1 : 0)),
        15 => unchecked((long)(a <= b ? 1 : 0)),
        16 => unchecked((long)(a > b ? 1 : 0)),
        17 => unchecked((long)(a >= b ? 1 : 0)),
        18 => unchecked((long)((uint)(a * 3 + b / 7 - (a ^ 0x55)))),
        19 => unchecked((long)((uint)(a >>> (int)b))),
        20 => unchecked((long)((uint)(a << 3))),
        21 => unchecked((long)((uint)(a >> 5))),
        22 => unchecked((long)((uint)(a / 7))),
        23 => unchecked((long)((uint)(a % 10))),
        24 => unchecked((long)(a < 0U ? 1 : 0)),
        25 => unchecked((long)((uint)(a * a))),
        26 => unchecked((long)((uint)((a & 0xF0) >> 4 | (a & 0x0F) << 4))),
        27 => unchecked((long)((uint)(b != 0U ? a : b))),
        28 => unchecked((long)(Math.Min(a, b))),
        29 => unchecked((long)(Math.Max(a, b))),
        30 => unchecked((long)(System.Numerics.BitOperations.PopCount(a))),
        _ => -1,
    };
}

/// <summary>Integer operations on <c>long</c>, selected by number.</summary>
public static class Int64Operations
{
    /// <summary>The number of operations.</summary>
    public const int Count = 31;

    /// <summary>Operation <paramref name="op"/> on <paramref name="a"/> and <paramref name="b"/>, widened to long.</summary>
    public static long Eval(int op, long a, long b) => op switch
    {
        0 => unchecked((long)((long)(a + b))),
        1 => unchecked((long)((long)(a - b))),
        2 => unchecked((long)((long)(a * b))),
        3 => unchecked((long)((long)(a / b))),
        4 => unchecked((long)((long)(a % b))),
        5 => unchecked((long)((long)(a & b))),
        6 => unchecked((long)((long)(a | b))),
        7 => unchecked((long)((long)(a ^ b))),
        8 => unchecked((long)((long)(a << (int)b))),
        9 => unchecked((long)((long)(a >> (int)b))),
        10 => unchecked((long)((long)(~a))),
        11 => unchecked((long)((long)(0L - a))),
        12 => unchecked((long)(a == b ? 1 : 0)),
        13 => unchecked((long)(a != b ? 1 : 0)),
        14 => unchecked((long)(a < b ? 1 : 0)),
        15 => unchecked((long)(a <= b ? 1 : 0)),
        16 => unchecked((long)(a > b ? 1 : 0)),
        17 => unchecked((long)(a >= b ? 1 : 0)),
        18 => unchecked((long)((long)(a * 3 + b / 7 - (a ^ 0x55)))),
        19 => unchecked((long)((long)(a >>> (int)b))),
        20 => unchecked((long)((long)(a << 3))),
        21 => unchecked((long)((long)(a >> 5))),
        22 => unchecked((long)((long)(a / 7))),
        23 => unchecked((long)((long)(a % 10))),
        24 => unchecked((long)(a < 0L ? 1 : 0)),
        25 => unchecked((long)((long)(a * a))),
        26 => unchecked((long)((long)((a & 0xF0) >> 4 | (a & 0x0F) << 4))),
        27 => unchecked((long)((long)(b != 0L ? a : b))),
        28 => unchecked((long)(Math.Min(a, b))),
        29 => unchecked((long)(Math.Max(a, b))),
        30 => unchecked((long)(a == long.MinValue ? 0 : Math.Abs(a))),
        _ => -1,
    };
}

/// <summary>Integer operations on <c>ulong</c>, selected by number.</summary>
public static class UInt64Operations
{
    /// <summary>The number of operations.</summary>
    public const int Count = 31;

    /// <summary>Operation <paramref name="op"/> on <paramref name="a"/> and <paramref name="b"/>, widened to long.</summary>
    public static long Eval(int op, ulong a, ulong b) => op switch
    {
        0 => unchecked((long)((ulong)(a + b))),
        1 => unchecked((long)((ulong)(a - b))),
        2 => unchecked((long)((ulong)(a * b))),
        3 => unchecked((long)((ulong)(a / b))),
        4 => unchecked((long)((ulong)(a % b))),
        5 => unchecked((long)((ulong)(a & b))),
        6 => unchecked((long)((ulong)(a | b))),
        7 => unchecked((long)((ulong)(a ^ b))),
        8 => unchecked((long)((ulong)(a << (int)b))),
        9 => unchecked((long)((ulong)(a >> (int)b))),
        10 => unchecked((long)((ulong)(~a))),
        11 => unchecked((long)((ulong)(0UL - a))),
        12 => unchecked((long)(a == b ? 1 : 0)),
        13 => unchecked((long)(a != b ? 1 : 0)),
        14 => unchecked((long)(a < b ? 1 : 0)),
        15 => unchecked((long)(a <= b ? 1 : 0)),
        16 => unchecked((long)(a > b ? 1 : 0)),
        17 => unchecked((long)(a >= b ? 1 : 0)),
        18 => unchecked((long)((ulong)(a * 3UL + b / 7 - (a ^ 0x55UL)))),
        19 => unchecked((long)((ulong)(a >>> (int)b))),
        20 => unchecked((long)((ulong)(a << 3))),
        21 => unchecked((long)((ulong)(a >> 5))),
        22 => unchecked((long)((ulong)(a / 7))),
        23 => unchecked((long)((ulong)(a % 10))),
        24 => unchecked((long)(a < 0UL ? 1 : 0)),
        25 => unchecked((long)((ulong)(a * a))),
        26 => unchecked((long)((ulong)((a & 0xF0) >> 4 | (a & 0x0F) << 4))),
        27 => unchecked((long)((ulong)(b != 0UL ? a : b))),
        28 => unchecked((long)(Math.Min(a, b))),
        29 => unchecked((long)(Math.Max(a, b))),
        30 => unchecked((long)(System.Numerics.BitOperations.PopCount(a))),
        _ => -1,
    };
}

/// <summary>Integer operations on <c>short</c>, selected by number.</summary>
public static class Int16Operations
{
    /// <summary>The number of operations.</summary>
    public const int Count = 31;

    /// <summary>Operation <paramref name="op"/> on <paramref name="a"/> and <paramref name="b"/>, widened to long.</summary>
    public static long Eval(int op, short a, short b) => op switch
    {
        0 => unchecked((long)((short)(a + b))),
        1 => unchecked((long)((short)(a - b))),
        2 => unchecked((long)((short)(a * b))),
        3 => unchecked((long)((short)(a / b))),
        4 => unchecked((long)((short)(a % b))),
        5 => unchecked((long)((short)(a & b))),
        6 => unchecked((long)((short)(a | b))),
        7 => unchecked((long)((short)(a ^ b))),
        8 => unchecked((long)((short)(a << (int)b))),
        9 => unchecked((long)((short)(a >> (int)b))),
        10 => unchecked((long)((short)(~a))),
        11 => unchecked((long)((short)(0 - a))),
        12 => unchecked((long)(a == b ? 1 : 0)),
        13 => unchecked((long)(a != b ? 1 : 0)),
        14 => unchecked((long)(a < b ? 1 : 0)),
        15 => unchecked((long)(a <= b ? 1 : 0)),
        16 => unchecked((long)(a > b ? 1 : 0)),
        17 => unchecked((long)(a >= b ? 1 : 0)),
        18 => unchecked((long)((short)(a * 3 + b / 7 - (a ^ 0x55)))),
        19 => unchecked((long)((short)(a >>> (int)b))),
        20 => unchecked((long)((short)(a << 3))),
        21 => unchecked((long)((short)(a >> 5))),
        22 => unchecked((long)((short)(a / 7))),
        23 => unchecked((long)((short)(a % 10))),
        24 => unchecked((long)(a < 0 ? 1 : 0)),
        25 => unchecked((long)((short)(a * a))),
        26 => unchecked((long)((short)((a & 0xF0) >> 4 | (a & 0x0F) << 4))),
        27 => unchecked((long)((short)(b != 0 ? a : b))),
        28 => unchecked((long)(Math.Min(a, b))),
        29 => unchecked((long)(Math.Max(a, b))),
        30 => unchecked((long)(a == short.MinValue ? 0 : Math.Abs(a))),
        _ => -1,
    };
}

/// <summary>Integer operations on <c>ushort</c>, selected by number.</summary>
public static class UInt16Operations
{
    /// <summary>The number of operations.</summary>
    public const int Count = 31;

    /// <summary>Operation <paramref name="op"/> on <paramref name="a"/> and <paramref name="b"/>, widened to long.</summary>
    public static long Eval(int op, ushort a, ushort b) => op switch
    {
        0 => unchecked((long)((ushort)(a + b))),
        1 => unchecked((long)((ushort)(a - b))),
        2 => unchecked((long)((ushort)(a * b))),
        3 => unchecked((long)((ushort)(a / b))),
        4 => unchecked((long)((ushort)(a % b))),
        5 => unchecked((long)((ushort)(a & b))),
        6 => unchecked((long)((ushort)(a | b))),
        7 => unchecked((long)((ushort)(a ^ b))),
        8 => unchecked((long)((ushort)(a << (int)b))),
        9 => unchecked((long)((ushort)(a >> (int)b))),
        10 => unchecked((long)((ushort)(~a))),
        11 => unchecked((long)((ushort)(0 - a))),
        12 => unchecked((long)(a == b ? 1 : 0)),
        13 => unchecked((long)(a != b ? 1 : 0)),
        14 => unchecked((long)(a < b ? 1 : 0)),
        15 => unchecked((long)(a <= b ? 1 : 0)),
        16 => unchecked((long)(a > b ? 1 : 0)),
        17 => unchecked((long)(a >= b ? 1 : 0)),
        18 => unchecked((long)((ushort)(a * 3 + b / 7 - (a ^ 0x55)))),
        19 => unchecked((long)((ushort)(a >>> (int)b))),
        20 => unchecked((long)((ushort)(a << 3))),
        21 => unchecked((long)((ushort)(a >> 5))),
        22 => unchecked((long)((ushort)(a / 7))),
        23 => unchecked((long)((ushort)(a % 10))),
        24 => unchecked((long)(a < 0 ? 1 : 0)),
        25 => unchecked((long)((ushort)(a * a))),
        26 => unchecked((long)((ushort)((a & 0xF0) >> 4 | (a & 0x0F) << 4))),
        27 => unchecked((long)((ushort)(b != 0 ? a : b))),
        28 => unchecked((long)(Math.Min(a, b))),
        29 => unchecked((long)(Math.Max(a, b))),
        30 => unchecked((long)(Math.Clamp(a, (ushort)10, (ushort)200))),
        _ => -1,
    };
}

/// <summary>Integer operations on <c>sbyte</c>, selected by number.</summary>
public static class SByteOperations
{
    /// <summary>The number of operations.</summary>
    public const int Count = 31;

    /// <summary>Operation <paramref name="op"/> on <paramref name="a"/> and <paramref name="b"/>, widened to long.</summary>
    public static long Eval(int op, sbyte a, sbyte b) => op switch
    {
        0 => unchecked((long)((sbyte)(a + b))),
        1 => unchecked((long)((sbyte)(a - b))),
        2 => unchecked((long)((sbyte)(a * b))),
        3 => unchecked((long)((sbyte)(a / b))),
        4 => unchecked((long)((sbyte)(a % b))),
        5 => unchecked((long)((sbyte)(a & b))),
        6 => unchecked((long)((sbyte)(a | b))),
        7 => unchecked((long)((sbyte)(a ^ b))),
        8 => unchecked((long)((sbyte)(a << (int)b))),
        9 => unchecked((long)((sbyte)(a >> (int)b))),
        10 => unchecked((long)((sbyte)(~a))),
        11 => unchecked((long)((sbyte)(0 - a))),
        12 => unchecked((long)(a == b ? 1 : 0)),
        13 => unchecked((long)(a != b ? 1 : 0)),
        14 => unchecked((long)(a < b ? 1 : 0)),
        15 => unchecked((long)(a <= b ? 1 : 0)),
        16 => unchecked((long)(a > b ? 1 : 0)),
        17 => unchecked((long)(a >= b ? 1 : 0)),
        18 => unchecked((long)((sbyte)(a * 3 + b / 7 - (a ^ 0x55)))),
        19 => unchecked((long)((sbyte)(a >>> (int)b))),
        20 => unchecked((long)((sbyte)(a << 3))),
        21 => unchecked((long)((sbyte)(a >> 5))),
        22 => unchecked((long)((sbyte)(a / 7))),
        23 => unchecked((long)((sbyte)(a % 10))),
        24 => unchecked((long)(a < 0 ? 1 : 0)),
        25 => unchecked((long)((sbyte)(a * a))),
        26 => unchecked((long)((sbyte)((a & 0xF0) >> 4 | (a & 0x0F) << 4))),
        27 => unchecked((long)((sbyte)(b != 0 ? a : b))),
        28 => unchecked((long)(Math.Min(a, b))),
        29 => unchecked((long)(Math.Max(a, b))),
        30 => unchecked((long)(a == sbyte.MinValue ? 0 : Math.Abs(a))),
        _ => -1,
    };
}

/// <summary>Integer operations on <c>byte</c>, selected by number.</summary>
public static class ByteOperations
{
    /// <summary>The number of operations.</summary>
    public const int Count = 31;

    /// <summary>Operation <paramref name="op"/> on <paramref name="a"/> and <paramref name="b"/>, widened to long.</summary>
    public static long Eval(int op, byte a, byte b) => op switch
    {
        0 => unchecked((long)((byte)(a + b))),
        1 => unchecked((long)((byte)(a - b))),
        2 => unchecked((long)((byte)(a * b))),
        3 => unchecked((long)((byte)(a / b))),
        4 => unchecked((long)((byte)(a % b))),
        5 => unchecked((long)((byte)(a & b))),
        6 => unchecked((long)((byte)(a | b))),
        7 => unchecked((long)((byte)(a ^ b))),
        8 => unchecked((long)((byte)(a << (int)b))),
        9 => unchecked((long)((byte)(a >> (int)b))),
        10 => unchecked((long)((byte)(~a))),
        11 => unchecked((long)((byte)(0 - a))),
        12 => unchecked((long)(a == b ? 1 : 0)),
        13 => unchecked((long)(a != b ? 1 : 0)),
        14 => unchecked((long)(a < b ? 1 : 0)),
        15 => unchecked((long)(a <= b ? 1 : 0)),
        16 => unchecked((long)(a > b ? 1 : 0)),
        17 => unchecked((long)(a >= b ? 1 : 0)),
        18 => unchecked((long)((byte)(a * 3 + b / 7 - (a ^ 0x55)))),
        19 => unchecked((long)((byte)(a >>> (int)b))),
        20 => unchecked((long)((byte)(a << 3))),
        21 => unchecked((long)((byte)(a >> 5))),
        22 => unchecked((long)((byte)(a / 7))),
        23 => unchecked((long)((byte)(a % 10))),
        24 => unchecked((long)(a < 0 ? 1 : 0)),
        25 => unchecked((long)((byte)(a * a))),
        26 => unchecked((long)((byte)((a & 0xF0) >> 4 | (a & 0x0F) << 4))),
        27 => unchecked((long)((byte)(b != 0 ? a : b))),
        28 => unchecked((long)(Math.Min(a, b))),
        29 => unchecked((long)(Math.Max(a, b))),
        30 => unchecked((long)(Math.Clamp(a, (byte)10, (byte)200))),
        _ => -1,
    };
}
