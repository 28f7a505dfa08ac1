namespace TraitsBpf.Object.Reading;

/// <summary>One ELF section as read from an object file.</summary>
/// <param name="Index">Its index in the section header table.</param>
/// <param name="Name">Its name from the section name string table.</param>
/// <param name="Type">sh_type (SHT_PROGBITS = 1, SHT_SYMTAB = 2, SHT_STRTAB = 3, SHT_NOBITS = 8, SHT_REL = 9, ...).</param>
/// <param name="Flags">sh_flags (SHF_WRITE = 1, SHF_ALLOC = 2, SHF_EXECINSTR = 4, ...).</param>
/// <param name="Size">sh_size in bytes; for SHT_NOBITS the size in memory.</param>
/// <param name="Link">sh_link.</param>
/// <param name="Info">sh_info.</param>
/// <param name="Alignment">sh_addralign.</param>
/// <param name="EntrySize">sh_entsize.</param>
/// <param name="Data">The section's bytes in the file; empty for SHT_NOBITS.</param>
public sealed record ObjectSection(
    int Index, string Name, uint Type, ulong Flags, ulong Size, int Link, int Info, ulong Alignment, ulong EntrySize, ReadOnlyMemory<byte> Data)
{
    /// <summary>SHF_EXECINSTR: the section holds BPF instructions.</summary>
    public bool IsExecutable => (Flags & 0x4) != 0;
}
