namespace TraitsBpf.Object.Btf;

/// <summary>One enumerator of a <see cref="BtfEnum"/>.</summary>
public sealed record BtfEnumValue(string Name, long Value);
