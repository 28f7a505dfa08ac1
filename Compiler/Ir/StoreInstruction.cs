namespace TraitsBpf.Compiler.Ir;

/// <summary>A store of the low <see cref="Size"/> bytes of a value at <c>address + offset</c>.</summary>
internal sealed class StoreInstruction(Value address, int offset, int size, Value value)
    : Instruction(IrType.I64, ValueKind.Scalar, address, value)
{
    public Value Address => Operands[0];

    public Value StoredValue => Operands[1];

    public int Offset { get; set; } = offset;

    public int Size { get; } = size;

    public override bool HasResult => false;

    public override bool HasSideEffects => true;

    protected override string Describe() => $"store.{Size * 8} [{Name(Address)}{Offset:+0;-0;+0}], {Name(StoredValue)}";
}
