namespace TraitsBpf.Compiler.Ir;

/// <summary>Reverses the byte order of the low 16, 32 or 64 bits (upper bits cleared).</summary>
internal sealed class ByteSwapInstruction(int bits, Value operand)
    : Instruction(bits == 64 ? IrType.I64 : IrType.I32, ValueKind.Scalar, operand)
{
    public int Bits { get; } = bits;

    public Value Operand => Operands[0];

    protected override string Describe() => $"bswap{Bits} {Name(Operand)}";
}
