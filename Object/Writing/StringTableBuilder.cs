using System.Text;

namespace TraitsBpf.Object.Writing;

/// <summary>
/// A NUL-separated string table starting with the empty string, each distinct string stored once.
/// ELF (.strtab, .shstrtab) and BTF use the same layout.
/// </summary>
internal sealed class StringTableBuilder
{
    private readonly Dictionary<string, int> offsets = new(StringComparer.Ordinal) { [""] = 0 };
    private readonly LittleEndianWriter bytes = new();

    public StringTableBuilder() => bytes.WriteByte(0);

    /// <summary>Adds <paramref name="value"/> if it is new and returns its offset.</summary>
    public int Add(string value)
    {
        if (offsets.TryGetValue(value, out int existing))
            return existing;
        if (value.Contains('\0'))
            throw new InvalidObjectModelException($"The string \"{value.Replace("\0", "\\0")}\" contains a NUL character, which a string table cannot hold.");
        int offset = bytes.Position;
        bytes.WriteBytes(Encoding.UTF8.GetBytes(value));
        bytes.WriteByte(0);
        offsets.Add(value, offset);
        return offset;
    }

    public int Size => bytes.Position;

    public byte[] ToArray() => bytes.ToArray();
}
