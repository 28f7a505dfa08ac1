namespace TraitsBpf.Compiler.Ir;

/// <summary>
/// A direct load of a kernel struct's field through a BTF-typed pointer (tp_btf, fentry, fexit): one
/// <c>ldx</c> at the field's local offset carrying a CO-RE field-offset relocation. It is kept apart from
/// <see cref="LoadInstruction"/> so no pass folds another offset into it or merges it with a neighbour:
/// libbpf checks that the instruction still holds the local offset before patching it.
/// </summary>
internal sealed class KernelFieldLoadInstruction(Value address, KernelFieldAccess access, int size, bool signExtend, IrType type, ValueKind kind)
    : Instruction(type, kind, address)
{
    public Value Address => Operands[0];

    public KernelFieldAccess Access { get; } = access;

    public int Size { get; } = size;

    public bool SignExtend { get; } = signExtend;

    protected override string Describe() => $"load.{(SignExtend ? "s" : "u")}{Size * 8} [{Name(Address)}->{Access}] core {Access.AccessString}";
}
