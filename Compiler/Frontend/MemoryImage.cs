namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// The bytes of one value-typed static field, local, argument or temporary while the static
/// constructor interpreter runs, in the CLR layout <see cref="Il.TypeDesc"/> gives (which is
/// also the layout of the BPF global).
/// </summary>
internal sealed class MemoryImage(int size, string owner)
{
    public byte[] Bytes { get; } = new byte[size];

    /// <summary>What the bytes belong to, for messages ("field 'Cfg'", "a local").</summary>
    public string Owner { get; } = owner;

    /// <summary>An image holding a copy of <paramref name="bytes"/>.</summary>
    public static MemoryImage Holding(byte[] bytes, string owner)
    {
        var image = new MemoryImage(bytes.Length, owner);
        bytes.CopyTo(image.Bytes, 0);
        return image;
    }

    /// <summary>Set when something the interpreter cannot know was stored into these bytes.</summary>
    public InterpretedValue.Refused? Refusal { get; set; }

    public Span<byte> Slice(int offset, int length, Func<string, Exception> refuse)
    {
        if (offset < 0 || length < 0 || offset + length > Bytes.Length)
        {
            throw refuse($"an access of {length} bytes at offset {offset} of {Owner}, which has {Bytes.Length} bytes");
        }

        return Bytes.AsSpan(offset, length);
    }
}
