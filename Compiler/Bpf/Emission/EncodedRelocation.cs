namespace TraitsBpf.Compiler.Bpf.Emission;

/// <summary>An instruction, by index in its function, that refers to a symbol the loader resolves.</summary>
internal sealed record EncodedRelocation(int Instruction, RelocationKind Kind, string Symbol);
