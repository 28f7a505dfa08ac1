using System.Buffers.Binary;

namespace TraitsBpf.Compiler.Bpf.Encoding;

/// <summary>
/// One 8-byte BPF instruction slot: opcode, destination and source registers, 16-bit offset,
/// 32-bit immediate. A 64-bit immediate load occupies two consecutive slots.
/// </summary>
internal readonly record struct BpfInstruction(byte Opcode, byte Dst, byte Src, short Offset, int Immediate)
{
    public const int Size = 8;

    public void Encode(Span<byte> destination)
    {
        destination[0] = Opcode;
        destination[1] = (byte)((Src << 4) | (Dst & 0x0F));
        BinaryPrimitives.WriteInt16LittleEndian(destination[2..], Offset);
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], Immediate);
    }

    public static BpfInstruction Decode(ReadOnlySpan<byte> source) => new(
        source[0],
        (byte)(source[1] & 0x0F),
        (byte)(source[1] >> 4),
        BinaryPrimitives.ReadInt16LittleEndian(source[2..]),
        BinaryPrimitives.ReadInt32LittleEndian(source[4..]));
}
