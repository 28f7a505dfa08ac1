namespace TraitsBpf.Compiler.Ir;

/// <summary>The address of a stack slot.</summary>
internal sealed class StackAddressInstruction(StackSlot slot) : Instruction(IrType.I64, ValueKind.Stack)
{
    public StackSlot Slot { get; } = slot;

    protected override string Describe() => $"stackaddr {Slot}";
}
