using System.Buffers.Binary;

namespace TraitsBpf.Object.Format;

/// <summary>
/// One 8-byte BPF instruction slot: opcode, destination and source registers, 16-bit offset,
/// 32-bit immediate, with views of the opcode's bit fields. A 64-bit immediate load occupies two
/// consecutive slots.
/// </summary>
internal readonly record struct BpfInstruction(byte Opcode, byte Dst, byte Src, short Offset, int Immediate)
{
    public const int Size = 8;

    /// <summary>The low three bits: which of the eight instruction classes.</summary>
    public int Class => Opcode & 0x07;

    /// <summary>ALU and jump classes: the operation in the high four bits.</summary>
    public int Operation => Opcode & 0xf0;

    /// <summary>ALU and jump classes: the source bit, set when the operand is src_reg rather than imm.</summary>
    public bool UsesRegister => (Opcode & BpfOpcode.SourceReg) != 0;

    /// <summary>Load and store classes: the addressing mode in the high three bits.</summary>
    public int Mode => Opcode & 0xe0;

    /// <summary>Load and store classes: the access size field.</summary>
    public int SizeField => Opcode & 0x18;

    public static BpfInstruction Decode(ReadOnlySpan<byte> source) => new(
        source[0],
        (byte)(source[1] & 0x0F),
        (byte)(source[1] >> 4),
        BinaryPrimitives.ReadInt16LittleEndian(source[2..]),
        BinaryPrimitives.ReadInt32LittleEndian(source[4..]));

    public void Encode(Span<byte> destination)
    {
        destination[0] = Opcode;
        destination[1] = (byte)((Src << 4) | (Dst & 0x0F));
        BinaryPrimitives.WriteInt16LittleEndian(destination[2..], Offset);
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], Immediate);
    }
}
