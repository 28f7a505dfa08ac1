namespace TraitsBpf.Compiler.Ir;

/// <summary>
/// Evaluates IR operations on constants exactly as the BPF instructions they become do at run
/// time, so folding never changes a result: division by zero gives 0, remainder by zero gives
/// the dividend, <c>int.MinValue / -1</c> wraps, shift counts are masked to the width.
/// </summary>
internal static class ConstantEvaluator
{
    public static long Evaluate(BinaryOp op, long a, long b, IrType type)
    {
        if (type == IrType.I32)
        {
            int x = (int)a;
            int y = (int)b;
            uint ux = (uint)x;
            uint uy = (uint)y;
            return op switch
            {
                BinaryOp.Add => unchecked(x + y),
                BinaryOp.Sub => unchecked(x - y),
                BinaryOp.Mul => unchecked(x * y),
                BinaryOp.Div => y == 0 ? 0 : y == -1 ? unchecked(-x) : x / y,
                BinaryOp.DivUn => uy == 0 ? 0 : (int)(ux / uy),
                BinaryOp.Rem => y == 0 ? x : y == -1 ? 0 : x % y,
                BinaryOp.RemUn => uy == 0 ? x : (int)(ux % uy),
                BinaryOp.And => x & y,
                BinaryOp.Or => x | y,
                BinaryOp.Xor => x ^ y,
                BinaryOp.Shl => x << (y & 31),
                BinaryOp.Shr => x >> (y & 31),
                BinaryOp.ShrUn => (int)(ux >> (y & 31)),
                _ => throw new ArgumentOutOfRangeException(nameof(op)),
            };
        }

        ulong ua = (ulong)a;
        ulong ub = (ulong)b;
        return op switch
        {
            BinaryOp.Add => unchecked(a + b),
            BinaryOp.Sub => unchecked(a - b),
            BinaryOp.Mul => unchecked(a * b),
            BinaryOp.Div => b == 0 ? 0 : b == -1 ? unchecked(-a) : a / b,
            BinaryOp.DivUn => ub == 0 ? 0 : (long)(ua / ub),
            BinaryOp.Rem => b == 0 ? a : b == -1 ? 0 : a % b,
            BinaryOp.RemUn => ub == 0 ? a : (long)(ua % ub),
            BinaryOp.And => a & b,
            BinaryOp.Or => a | b,
            BinaryOp.Xor => a ^ b,
            BinaryOp.Shl => a << (int)(b & 63),
            BinaryOp.Shr => a >> (int)(b & 63),
            BinaryOp.ShrUn => (long)(ua >> (int)(b & 63)),
            _ => throw new ArgumentOutOfRangeException(nameof(op)),
        };
    }

    public static long Evaluate(UnaryOp op, long a, IrType type) => (op, type) switch
    {
        (UnaryOp.Neg, IrType.I32) => unchecked(-(int)a),
        (UnaryOp.Not, IrType.I32) => ~(int)a,
        (UnaryOp.Neg, _) => unchecked(-a),
        _ => ~a,
    };

    public static long Evaluate(ConvertOp op, long a) => op switch
    {
        ConvertOp.SignExtend8 => (sbyte)a,
        ConvertOp.SignExtend16 => (short)a,
        ConvertOp.ZeroExtend8 => (byte)a,
        ConvertOp.ZeroExtend16 => (ushort)a,
        ConvertOp.SignExtend32 => (int)a,
        ConvertOp.ZeroExtend32 => (uint)a,
        ConvertOp.Truncate => (int)a,
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    public static long ByteSwap(int bits, long a) => bits switch
    {
        16 => System.Buffers.Binary.BinaryPrimitives.ReverseEndianness((ushort)a),
        32 => (int)System.Buffers.Binary.BinaryPrimitives.ReverseEndianness((uint)a),
        _ => System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(a),
    };
}
