namespace TraitsBpf.Compiler.Ir;

/// <summary>The last instruction of a block: where control goes next.</summary>
internal abstract class Terminator(params Value[] operands) : Instruction(IrType.I64, ValueKind.Scalar, operands)
{
    public override bool HasResult => false;

    public override bool HasSideEffects => true;

    public abstract IReadOnlyList<BasicBlock> Successors { get; }

    /// <summary>Points every edge to <paramref name="from"/> at <paramref name="to"/> instead.</summary>
    public abstract void ReplaceSuccessor(BasicBlock from, BasicBlock to);
}
