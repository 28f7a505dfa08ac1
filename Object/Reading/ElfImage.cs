namespace TraitsBpf.Object.Reading;

/// <summary>The ELF layer of an object: sections, symbols and relocations, before any BPF meaning is given to them.</summary>
internal sealed record ElfImage(IReadOnlyList<ObjectSection> Sections, IReadOnlyList<ObjectSymbol> Symbols, IReadOnlyList<ObjectRelocation> Relocations);
