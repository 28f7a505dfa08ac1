namespace TraitsBpf.Compiler.Ir;

/// <summary>Unconditional jump.</summary>
internal sealed class JumpTerminator(BasicBlock target) : Terminator
{
    public BasicBlock Target { get; private set; } = target;

    public override IReadOnlyList<BasicBlock> Successors => [Target];

    public override void ReplaceSuccessor(BasicBlock from, BasicBlock to)
    {
        if (Target == from)
        {
            Target = to;
        }
    }

    protected override string Describe() => $"jump B{Target.Id}";
}
