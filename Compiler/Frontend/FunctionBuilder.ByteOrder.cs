using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>Byte order: <c>Net.Ntohs</c> and friends and <c>BinaryPrimitives.ReverseEndianness</c> become one be16/32/64.</summary>
internal sealed partial class FunctionBuilder
{
    internal void LowerByteSwap(int bits, MethodDesc method, List<StackEntry> arguments)
    {
        var value = bits == 64 ? Widen(arguments[0].Value, IrType.I64, false) : arguments[0].Value;
        Push(ByteSwap(bits, value), method.ReturnType);
    }

    internal void LowerReverseEndianness(MethodDesc method, List<StackEntry> arguments) =>
        Push(ReverseEndianness(method.Parameters[0], arguments[0].Value), method.ReturnType);

    /// <summary>A value of an integer type with its bytes reversed, as a value of that type (a swapped short is sign-extended).</summary>
    private Value ReverseEndianness(TypeDesc type, Value value) => type.Underlying.Kind switch
    {
        TypeKind.UInt16 or TypeKind.Char => ByteSwap(16, value),
        TypeKind.Int16 => MakeConvert(ConvertOp.SignExtend16, ByteSwap(16, value)),
        TypeKind.Byte or TypeKind.SByte => value,
        TypeKind.Int32 or TypeKind.UInt32 => ByteSwap(32, value),
        _ => ByteSwap(64, Widen(value, IrType.I64, false)),
    };

    private Value ByteSwap(int bits, Value value)
    {
        if (value is Constant c)
        {
            return new Constant(ConstantEvaluator.ByteSwap(bits, c.Value), bits == 64 ? IrType.I64 : IrType.I32);
        }

        return Emit(new ByteSwapInstruction(bits, value));
    }
}
