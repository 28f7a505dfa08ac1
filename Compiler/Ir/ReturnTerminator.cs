namespace TraitsBpf.Compiler.Ir;

/// <summary>Returns from the function, with a value in r0 unless the function is void.</summary>
internal sealed class ReturnTerminator : Terminator
{
    public ReturnTerminator(Value? value)
        : base(value is null ? [] : [value])
    {
    }

    public Value? ReturnValue => Operands.Count > 0 ? Operands[0] : null;

    public override IReadOnlyList<BasicBlock> Successors => [];

    public override void ReplaceSuccessor(BasicBlock from, BasicBlock to)
    {
    }

    protected override string Describe() => ReturnValue is null ? "ret" : $"ret {Name(ReturnValue)}";
}
