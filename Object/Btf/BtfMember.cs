namespace TraitsBpf.Object.Btf;

/// <summary>A struct or union member at <paramref name="BitOffset"/> from the start of the aggregate.</summary>
public sealed record BtfMember(string Name, BtfType Type, int BitOffset);
