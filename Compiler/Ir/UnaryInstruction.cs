namespace TraitsBpf.Compiler.Ir;

/// <summary><c>-x</c> or <c>~x</c> at the instruction's width.</summary>
internal sealed class UnaryInstruction(UnaryOp op, Value operand, IrType type)
    : Instruction(type, ValueKind.Scalar, operand)
{
    public UnaryOp Op { get; } = op;

    public Value Operand => Operands[0];

    protected override string Describe() => $"{Op.ToString().ToLowerInvariant()} {Name(Operand)}";
}
