namespace TraitsBpf.Object.Btf;

/// <summary>A function parameter: name (may be empty) and type.</summary>
public sealed record BtfParameter(string Name, BtfType Type);
