using TraitsBpf.Object.Format;

namespace TraitsBpf.Object.Reading;

/// <summary>An Elf64_Shdr as stored, before names are resolved.</summary>
internal sealed record SectionHeader(
    int Index, uint NameOffset, uint Type, ulong Flags, ulong Offset, ulong Size, uint Link, uint Info, ulong Alignment, ulong EntrySize)
{
    /// <summary>Whether the section occupies bytes in the file (not SHT_NULL or SHT_NOBITS).</summary>
    public bool HasContents => Type is not (ElfConstants.SectionNull or ElfConstants.SectionNoBits);

    public static SectionHeader Read(ByteReader file, long at, int index) =>
        new(index, file.U32(at), file.U32(at + 4), file.U64(at + 8), file.U64(at + 24), file.U64(at + 32),
            file.U32(at + 40), file.U32(at + 44), file.U64(at + 48), file.U64(at + 56));

    /// <summary>The section's bytes, checked to lie inside the file.</summary>
    public ByteReader Contents(ByteReader file)
    {
        if (!HasContents)
            return file.Slice(0, 0, $"section {Index}");
        if (Offset > int.MaxValue || Size > int.MaxValue)
            throw new ObjectFormatException($"Section {Index} claims {Size} bytes at offset {Offset}, beyond any file this reader accepts.");
        return file.Slice((long)Offset, (long)Size, $"section {Index}");
    }
}
