namespace TraitsBpf.Object;

/// <summary>
/// One executable ELF section: its encoded instructions (8 bytes each, a 64-bit immediate
/// load taking two), the functions that start in it, relocations and line info.
/// Offsets are in instructions (8-byte units), not bytes.
/// </summary>
public sealed class CodeSection(string name, byte[] code)
{
    /// <summary>ELF section name, e.g. "xdp", "tc", "socket" or ".text".</summary>
    public string Name { get; } = name;

    /// <summary>Encoded instructions; length is a multiple of 8.</summary>
    public byte[] Code { get; } = code;

    /// <summary>Functions in this section, ordered by offset; they cover the code without gaps.</summary>
    public List<FunctionSymbol> Functions { get; } = [];

    /// <summary>Instructions that refer to maps, globals, subprograms or kfuncs.</summary>
    public List<CodeRelocation> Relocations { get; } = [];

    /// <summary>CO-RE relocations (.BTF.ext), by instruction offset: kernel struct field accesses libbpf patches.</summary>
    public List<CoreRelocation> CoreRelocations { get; } = [];

    /// <summary>
    /// Source lines, strictly increasing by instruction offset. Once any section has lines, every
    /// function needs one at its first instruction: the kernel rejects the program otherwise.
    /// </summary>
    public List<LineInfo> Lines { get; } = [];
}
