namespace TraitsBpf.Compiler.Il;

/// <summary>A decoded method body.</summary>
internal sealed class IlMethodBody
{
    public required IReadOnlyList<IlInstruction> Instructions { get; init; }

    public required IReadOnlyList<TypeDesc> Locals { get; init; }

    /// <summary>Names of locals from the PDB, where known.</summary>
    public IReadOnlyList<string?> LocalNames { get; init; } = [];

    public bool HasExceptionHandlers => FirstProtectedInstruction is not null;

    /// <summary>Index of the first instruction inside a try block, when the method has exception handlers.</summary>
    public int? FirstProtectedInstruction { get; init; }
}
