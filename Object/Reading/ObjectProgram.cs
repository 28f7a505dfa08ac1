namespace TraitsBpf.Object.Reading;

/// <summary>A function (FUNC symbol) in an executable section: a program, or a subprogram in .text.</summary>
/// <param name="Name">The symbol's name.</param>
/// <param name="SectionName">The section it is in, e.g. "xdp" or ".text".</param>
/// <param name="InstructionOffset">First instruction, in 8-byte units from the section start.</param>
/// <param name="InstructionCount">Length in 8-byte units.</param>
/// <param name="IsGlobal">Whether the symbol is global (every program is; subprograms may be static).</param>
/// <param name="SectionIndex">The index of its section (names need not be unique in an ELF file).</param>
public sealed record ObjectProgram(string Name, string SectionName, int InstructionOffset, int InstructionCount, bool IsGlobal, int SectionIndex);
