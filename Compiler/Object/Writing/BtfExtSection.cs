namespace TraitsBpf.Compiler.Object.Writing;

/// <summary>The func_info and line_info of one code section, keyed by the section name's BTF string offset.</summary>
internal sealed record BtfExtSection(int SectionNameOffset, IReadOnlyList<FuncInfoEntry> Functions, IReadOnlyList<LineInfoEntry> Lines);
