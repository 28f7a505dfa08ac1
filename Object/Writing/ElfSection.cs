namespace TraitsBpf.Object.Writing;

/// <summary>
/// A section to write, with its header fields. <see cref="Link"/> and <see cref="Info"/> are
/// section or symbol indices whose meaning depends on <see cref="Type"/> (elf(5)).
/// </summary>
internal sealed record ElfSection(string Name, uint Type, ulong Flags, byte[] Data, int Alignment)
{
    public int Link { get; init; }

    public int Info { get; init; }

    public int EntrySize { get; init; }

    /// <summary>For SHT_NOBITS (.bss): the size the section has in memory; it occupies no file bytes.</summary>
    public int MemorySize { get; init; }
}
