using System.Buffers.Binary;

namespace TraitsBpf.Object.Writing;

/// <summary>A growable byte buffer for the little-endian encodings ELF, BTF and BPF instructions use.</summary>
internal sealed class LittleEndianWriter
{
    private byte[] buffer = new byte[256];

    public int Position { get; private set; }

    public void WriteByte(byte value)
    {
        Reserve(1)[0] = value;
    }

    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Reserve(2), value);

    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), value);

    public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Reserve(8), value);

    public void WriteBytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    /// <summary>Pads with zeros up to the next multiple of <paramref name="alignment"/>.</summary>
    public void AlignTo(int alignment)
    {
        int padding = (alignment - Position % alignment) % alignment;
        Reserve(padding).Clear();
    }

    public byte[] ToArray() => buffer.AsSpan(0, Position).ToArray();

    private Span<byte> Reserve(int count)
    {
        if (Position + count > buffer.Length)
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, Position + count));
        Span<byte> slot = buffer.AsSpan(Position, count);
        Position += count;
        return slot;
    }
}
