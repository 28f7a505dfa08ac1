using System.Buffers.Binary;
using System.Text;

namespace TraitsBpf.Object.Reading;

/// <summary>
/// Bounds-checked little-endian reads over a region of an object file. Every offset comes from
/// untrusted input, so every read is checked and a bad one becomes an <see cref="ObjectFormatException"/>
/// naming <see cref="What"/>, never an index exception.
/// </summary>
internal sealed class ByteReader
{
    private readonly ReadOnlyMemory<byte> bytes;

    public ByteReader(ReadOnlyMemory<byte> bytes, string what)
    {
        this.bytes = bytes;
        What = what;
    }

    /// <summary>What the region is, for error messages ("section '.BTF'").</summary>
    public string What { get; }

    public int Length => bytes.Length;

    public ReadOnlySpan<byte> Span => bytes.Span;

    public ReadOnlyMemory<byte> Memory => bytes;

    /// <summary>A sub-region; offsets are 64-bit because ELF offsets are.</summary>
    public ByteReader Slice(long offset, long length, string what)
    {
        Require(offset, length, what);
        return new ByteReader(bytes.Slice((int)offset, (int)length), what);
    }

    public byte U8(long offset) => Read(offset, 1, "a byte")[0];

    public ushort U16(long offset) => BinaryPrimitives.ReadUInt16LittleEndian(Read(offset, 2, "a 16-bit value"));

    public uint U32(long offset) => BinaryPrimitives.ReadUInt32LittleEndian(Read(offset, 4, "a 32-bit value"));

    public int I32(long offset) => BinaryPrimitives.ReadInt32LittleEndian(Read(offset, 4, "a 32-bit value"));

    public ulong U64(long offset) => BinaryPrimitives.ReadUInt64LittleEndian(Read(offset, 8, "a 64-bit value"));

    /// <summary>The NUL-terminated string at <paramref name="offset"/>; it must end inside the region.</summary>
    public string CString(long offset, string what)
    {
        if (offset < 0 || offset >= bytes.Length)
            throw new ObjectFormatException($"The {what} at offset {offset} is outside {What} ({bytes.Length} bytes).");
        ReadOnlySpan<byte> rest = bytes.Span[(int)offset..];
        int end = rest.IndexOf((byte)0);
        if (end < 0)
            throw new ObjectFormatException($"The {what} at offset {offset} in {What} is not NUL-terminated.");
        return Encoding.UTF8.GetString(rest[..end]);
    }

    public void Require(long offset, long length, string what)
    {
        if (offset < 0 || length < 0 || offset > bytes.Length || length > bytes.Length - offset)
            throw new ObjectFormatException($"The {what} (offset {offset}, {length} bytes) does not fit in {What} ({bytes.Length} bytes).");
    }

    private ReadOnlySpan<byte> Read(long offset, int length, string what)
    {
        Require(offset, length, what);
        return bytes.Span.Slice((int)offset, length);
    }
}
