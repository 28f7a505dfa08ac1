using TraitsBpf.Object.Btf;

namespace TraitsBpf.Object;

/// <summary>
/// A function in a <see cref="CodeSection"/>: a program entry (global, named as the user named
/// the program) or a subprogram. It becomes an ELF FUNC symbol and a func_info record.
/// </summary>
/// <param name="Name">Symbol name; for programs, the name from the program's attribute.</param>
/// <param name="InstructionOffset">First instruction, relative to the section start.</param>
/// <param name="InstructionCount">Length in instructions.</param>
/// <param name="Btf">BTF FUNC with its prototype.</param>
/// <param name="IsGlobal">STB_GLOBAL (programs) or STB_LOCAL (static subprograms).</param>
public sealed record FunctionSymbol(string Name, int InstructionOffset, int InstructionCount, BtfFunc Btf, bool IsGlobal);
