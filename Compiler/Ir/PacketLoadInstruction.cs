namespace TraitsBpf.Compiler.Ir;

/// <summary>
/// A classic packet load (BPF_LD_ABS for a constant offset, BPF_LD_IND for a variable one): the
/// 1, 2 or 4 bytes at <see cref="Offset"/> of the sk_buff's packet, converted from network order,
/// zero-extended. When the packet is too short the kernel ends the program there, returning 0:
/// that exit is why the instruction is kept even when its value is not used.
/// </summary>
internal sealed class PacketLoadInstruction(Value context, Value offset, int size)
    : Instruction(IrType.I32, ValueKind.Scalar, context, offset)
{
    public Value Context => Operands[0];

    /// <summary>The byte offset into the packet, an I32 (negative offsets reach the SKF_NET_OFF/SKF_LL_OFF areas).</summary>
    public Value Offset => Operands[1];

    /// <summary>1, 2 or 4 bytes.</summary>
    public int Size { get; } = size;

    public override bool HasSideEffects => true;

    protected override string Describe() => $"ld_packet{Size * 8} {Name(Context)}[{Name(Offset)}]";
}
