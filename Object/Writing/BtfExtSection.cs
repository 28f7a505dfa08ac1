namespace TraitsBpf.Object.Writing;

/// <summary>The func_info, line_info and CO-RE relocations of one code section, keyed by the section name's BTF string offset.</summary>
internal sealed record BtfExtSection(int SectionNameOffset, IReadOnlyList<FuncInfoEntry> Functions, IReadOnlyList<LineInfoEntry> Lines, IReadOnlyList<CoreRelocationEntry> CoreRelocations);
