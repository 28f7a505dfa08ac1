namespace TraitsBpf.Object.Btf;

/// <summary>One variable (or extern function) placed in a <see cref="BtfDatasec"/>.</summary>
public sealed record BtfDatasecEntry(BtfType Variable, int Offset, int Size);
