namespace TraitsBpf.Object.Writing;

/// <summary>An Elf64_Rel whose symbol is still a name: instruction offset, R_BPF_* type, target.</summary>
internal sealed record SymbolicRelocation(int InstructionOffset, uint Type, SymbolReference Target);
