namespace TraitsBpf.Object.Writing;

/// <summary>A line_info record before encoding; file name and line text are BTF string offsets.</summary>
internal sealed record LineInfoEntry(int InstructionOffset, int FileNameOffset, int LineTextOffset, int Line, int Column);
