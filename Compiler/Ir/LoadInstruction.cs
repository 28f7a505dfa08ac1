namespace TraitsBpf.Compiler.Ir;

/// <summary>A load of <see cref="Size"/> bytes at <c>address + offset</c>, zero- or sign-extended.</summary>
internal sealed class LoadInstruction(Value address, int offset, int size, bool signExtend, IrType type, ValueKind kind)
    : Instruction(type, kind, address)
{
    public Value Address => Operands[0];

    public int Offset { get; set; } = offset;

    public int Size { get; } = size;

    public bool SignExtend { get; } = signExtend;

    protected override string Describe() => $"load.{(SignExtend ? "s" : "u")}{Size * 8} [{Name(Address)}{Offset:+0;-0;+0}]";
}
