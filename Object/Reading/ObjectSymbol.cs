namespace TraitsBpf.Object.Reading;

/// <summary>One .symtab entry.</summary>
/// <param name="Index">Its index in the symbol table (what relocations refer to).</param>
/// <param name="Name">Its name; for a nameless section symbol, the section's name.</param>
/// <param name="Value">st_value: the byte offset in its section.</param>
/// <param name="Size">st_size in bytes.</param>
/// <param name="Type">STT_*.</param>
/// <param name="Binding">STB_*.</param>
/// <param name="SectionIndex">st_shndx (0 for undefined; 0xfff1 for absolute).</param>
/// <param name="SectionName">The name of the section it is defined in, or null when undefined or special.</param>
public sealed record ObjectSymbol(
    int Index, string Name, ulong Value, ulong Size, ObjectSymbolType Type, ObjectSymbolBinding Binding, int SectionIndex, string? SectionName);
