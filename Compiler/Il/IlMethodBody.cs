namespace TraitsBpf.Compiler.Il;

/// <summary>A decoded method body.</summary>
internal sealed class IlMethodBody
{
    public required IReadOnlyList<IlInstruction> Instructions { get; init; }

    public required IReadOnlyList<TypeDesc> Locals { get; init; }

    /// <summary>Names of locals from the PDB, where known.</summary>
    public IReadOnlyList<string?> LocalNames { get; init; } = [];

    public bool HasExceptionHandlers { get; init; }
}
