namespace TraitsBpf.Compiler.Ir;

/// <summary>Conditional branch: to <see cref="IfTrue"/> when <c>left cond right</c> at <see cref="Width"/>, else <see cref="IfFalse"/>.</summary>
internal sealed class BranchTerminator(Condition condition, Value left, Value right, IrType width, BasicBlock ifTrue, BasicBlock ifFalse)
    : Terminator(left, right)
{
    public Condition Condition { get; set; } = condition;

    public IrType Width { get; set; } = width;

    public Value Left => Operands[0];

    public Value Right => Operands[1];

    public BasicBlock IfTrue { get; private set; } = ifTrue;

    public BasicBlock IfFalse { get; private set; } = ifFalse;

    public override IReadOnlyList<BasicBlock> Successors => IfTrue == IfFalse ? [IfTrue] : [IfTrue, IfFalse];

    public override void ReplaceSuccessor(BasicBlock from, BasicBlock to)
    {
        if (IfTrue == from)
        {
            IfTrue = to;
        }

        if (IfFalse == from)
        {
            IfFalse = to;
        }
    }

    protected override string Describe() =>
        $"br.{Condition.ToString().ToLowerInvariant()}.{Width.ToString().ToLowerInvariant()} {Name(Left)}, {Name(Right)} ? B{IfTrue.Id} : B{IfFalse.Id}";
}
