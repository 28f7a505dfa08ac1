namespace TraitsBpf.Object;

/// <summary>A .BTF.ext line_info record: the source line an instruction came from.</summary>
/// <param name="InstructionOffset">Instruction offset relative to the section start.</param>
/// <param name="FileName">Source file path as recorded in the PDB.</param>
/// <param name="LineText">The text of that source line (what bpftool prints), or empty.</param>
/// <param name="Line">1-based line number; 0 for an instruction with no source line of its own, as clang marks compiler-generated code.</param>
/// <param name="Column">1-based column (0 when unknown); .BTF.ext keeps 10 bits, so columns above 1023 are written as 1023.</param>
public sealed record LineInfo(int InstructionOffset, string FileName, string LineText, int Line, int Column);
