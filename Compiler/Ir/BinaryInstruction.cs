namespace TraitsBpf.Compiler.Ir;

/// <summary><c>left op right</c> at the instruction's width.</summary>
internal sealed class BinaryInstruction(BinaryOp op, Value left, Value right, IrType type, ValueKind kind)
    : Instruction(type, kind, left, right)
{
    public BinaryOp Op { get; } = op;

    public Value Left => Operands[0];

    public Value Right => Operands[1];

    protected override string Describe() => $"{Op.ToString().ToLowerInvariant()} {Name(Left)}, {Name(Right)}";
}
