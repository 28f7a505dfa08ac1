namespace TraitsBpf.Object.Reading;

/// <summary>One Elf64_Rel entry.</summary>
/// <param name="TargetSection">The section it patches (the .rel section's sh_info).</param>
/// <param name="Offset">Byte offset in the target section; for code, 8 times the instruction index.</param>
/// <param name="Type">R_BPF_* (1 = R_BPF_64_64, 10 = R_BPF_64_32, ...).</param>
/// <param name="SymbolName">The symbol it refers to (a section symbol's section name).</param>
public sealed record ObjectRelocation(string TargetSection, ulong Offset, uint Type, string SymbolName)
{
    /// <summary>The relocation type's name as llvm-readelf prints it, e.g. "R_BPF_64_64".</summary>
    public string TypeName => Type switch
    {
        0 => "R_BPF_NONE",
        1 => "R_BPF_64_64",
        2 => "R_BPF_64_ABS64",
        3 => "R_BPF_64_ABS32",
        4 => "R_BPF_64_NODYLD32",
        10 => "R_BPF_64_32",
        _ => $"R_BPF_{Type}",
    };

    /// <summary>The instruction it applies to, for relocations in code sections.</summary>
    public int InstructionOffset => (int)(Offset / 8);
}
