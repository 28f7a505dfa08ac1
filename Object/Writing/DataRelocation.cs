namespace TraitsBpf.Object.Writing;

/// <summary>An R_BPF_64_ABS64 relocation in a data section: the 8 bytes at <paramref name="Offset"/> hold <paramref name="Symbol"/>'s address.</summary>
internal sealed record DataRelocation(int Offset, string Symbol);
