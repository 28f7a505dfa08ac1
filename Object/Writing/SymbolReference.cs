namespace TraitsBpf.Object.Writing;

/// <summary>
/// Names the ELF symbol a relocation points at before symbol indices exist. Section symbols are
/// told apart because a program may share its section's name (a FUNC "xdp" in section "xdp").
/// </summary>
internal sealed record SymbolReference(string Name, bool IsSectionSymbol);
