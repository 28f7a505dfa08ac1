namespace TraitsBpf.Compiler.Ir;

/// <summary>An SSA phi: one incoming value per predecessor, in the order of <see cref="BasicBlock.Predecessors"/>.</summary>
internal sealed class PhiInstruction(IrType type, ValueKind kind) : Instruction(type, kind)
{
    public void AddIncoming(Value value) => AddOperand(value);

    public void RemoveIncomingAt(int index) => RemoveOperandAt(index);

    protected override string Describe() => $"phi {string.Join(", ", Operands.Select((v, i) => $"[{Name(v)}, B{Block.Predecessors[i].Id}]"))}";
}
