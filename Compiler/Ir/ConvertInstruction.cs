namespace TraitsBpf.Compiler.Ir;

/// <summary>An integer conversion.</summary>
internal sealed class ConvertInstruction(ConvertOp op, Value operand)
    : Instruction(op is ConvertOp.SignExtend32 or ConvertOp.ZeroExtend32 ? IrType.I64 : IrType.I32, ValueKind.Scalar, operand)
{
    public ConvertOp Op { get; } = op;

    public Value Operand => Operands[0];

    protected override string Describe() => $"{Op.ToString().ToLowerInvariant()} {Name(Operand)}";
}
