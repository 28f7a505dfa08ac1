namespace TraitsBpf.Compiler.Ir;

/// <summary>A comparison as a value: I32 1 when it holds, 0 otherwise (C# bool).</summary>
internal sealed class CompareInstruction(Condition condition, Value left, Value right, IrType width)
    : Instruction(IrType.I32, ValueKind.Scalar, left, right)
{
    public Condition Condition { get; } = condition;

    /// <summary>The width the operands are compared at.</summary>
    public IrType Width { get; } = width;

    public Value Left => Operands[0];

    public Value Right => Operands[1];

    protected override string Describe() => $"cmp.{Condition.ToString().ToLowerInvariant()}.{Width.ToString().ToLowerInvariant()} {Name(Left)}, {Name(Right)}";
}
