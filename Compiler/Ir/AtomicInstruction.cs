namespace TraitsBpf.Compiler.Ir;

/// <summary>
/// An atomic read-modify-write of <see cref="Size"/> bytes at <c>address + offset</c>; its value
/// is the memory's old content (unused results let the backend drop the fetch).
/// </summary>
internal sealed class AtomicInstruction : Instruction
{
    public AtomicInstruction(AtomicOp op, Value address, int offset, int size, Value operand, Value? comparand)
        : base(size == 8 ? IrType.I64 : IrType.I32, ValueKind.Scalar, comparand is null ? [address, operand] : [address, operand, comparand])
    {
        Op = op;
        Offset = offset;
        Size = size;
    }

    public AtomicOp Op { get; }

    public int Offset { get; }

    public int Size { get; }

    public Value Address => Operands[0];

    public Value Operand => Operands[1];

    public Value? Comparand => Operands.Count > 2 ? Operands[2] : null;

    public override bool HasSideEffects => true;

    protected override string Describe() =>
        $"atomic.{Op.ToString().ToLowerInvariant()}{Size * 8} [{Name(Address)}{Offset:+0;-0;+0}], {Name(Operand)}{(Comparand is null ? "" : $", {Name(Comparand)}")}";
}
