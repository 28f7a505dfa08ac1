using TraitsBpf.Object.Format;

namespace TraitsBpf.Object.Writing;

/// <summary>
/// Lays out an ELF64 little-endian EM_BPF relocatable file: the header, each section's bytes at
/// its alignment, a .shstrtab with the section names (added as the last section), and the
/// section header table at the end, where clang puts it.
/// </summary>
internal static class ElfFileWriter
{
    private const string SectionNameTableName = ".shstrtab";

    /// <param name="sections">Sections 1..n in index order; index 0, the null section, is implied.</param>
    public static byte[] Write(IReadOnlyList<ElfSection> sections)
    {
        var names = new StringTableBuilder();
        var nameOffsets = sections.Select(section => names.Add(section.Name)).ToList();
        int sectionNameTableNameOffset = names.Add(SectionNameTableName);
        var all = sections.Append(new ElfSection(SectionNameTableName, ElfConstants.SectionStringTable, 0, names.ToArray(), 1)).ToList();
        nameOffsets.Add(sectionNameTableNameOffset);

        var file = new LittleEndianWriter();
        file.WriteBytes(new byte[ElfConstants.HeaderSize]);
        var fileOffsets = new List<long>();
        foreach (ElfSection section in all)
        {
            file.AlignTo(Math.Max(section.Alignment, 1));
            fileOffsets.Add(file.Position);
            file.WriteBytes(section.Data);
        }
        file.AlignTo(8);
        long sectionHeaderOffset = file.Position;

        file.WriteBytes(new byte[ElfConstants.SectionHeaderSize]);
        for (int i = 0; i < all.Count; i++)
            WriteSectionHeader(file, all[i], nameOffsets[i], fileOffsets[i]);

        byte[] bytes = file.ToArray();
        WriteFileHeader(bytes, sectionHeaderOffset, sectionCount: all.Count + 1, sectionNameTableIndex: all.Count);
        return bytes;
    }

    private static void WriteSectionHeader(LittleEndianWriter file, ElfSection section, int nameOffset, long fileOffset)
    {
        file.WriteUInt32((uint)nameOffset);
        file.WriteUInt32(section.Type);
        file.WriteUInt64(section.Flags);
        file.WriteUInt64(0);
        file.WriteUInt64((ulong)fileOffset);
        file.WriteUInt64((ulong)(section.Type == ElfConstants.SectionNoBits ? section.MemorySize : section.Data.Length));
        file.WriteUInt32((uint)section.Link);
        file.WriteUInt32((uint)section.Info);
        file.WriteUInt64((ulong)section.Alignment);
        file.WriteUInt64((ulong)section.EntrySize);
    }

    private static void WriteFileHeader(byte[] bytes, long sectionHeaderOffset, int sectionCount, int sectionNameTableIndex)
    {
        var header = new LittleEndianWriter();
        header.WriteBytes([0x7f, (byte)'E', (byte)'L', (byte)'F']);
        header.WriteByte(ElfConstants.ClassElf64);
        header.WriteByte(ElfConstants.DataLittleEndian);
        header.WriteByte(ElfConstants.VersionCurrent);
        header.WriteBytes(new byte[9]);
        header.WriteUInt16(ElfConstants.TypeRelocatable);
        header.WriteUInt16(ElfConstants.MachineBpf);
        header.WriteUInt32(ElfConstants.VersionCurrent);
        header.WriteUInt64(0);
        header.WriteUInt64(0);
        header.WriteUInt64((ulong)sectionHeaderOffset);
        header.WriteUInt32(0);
        header.WriteUInt16(ElfConstants.HeaderSize);
        header.WriteUInt16(0);
        header.WriteUInt16(0);
        header.WriteUInt16(ElfConstants.SectionHeaderSize);
        header.WriteUInt16((ushort)sectionCount);
        header.WriteUInt16((ushort)sectionNameTableIndex);
        header.ToArray().CopyTo(bytes, 0);
    }
}
