namespace TraitsBpf.Object.Reading;

/// <summary>A .BTF.ext line_info record: the source line an instruction came from.</summary>
/// <param name="SectionName">The code section.</param>
/// <param name="InstructionOffset">The instruction (the file stores bytes; this is bytes / 8).</param>
/// <param name="FileName">The source file.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">Column (0 when unknown).</param>
/// <param name="LineText">The text of the line, as recorded by the compiler.</param>
public sealed record LineInfoRecord(string SectionName, int InstructionOffset, string FileName, int Line, int Column, string LineText);
