namespace TraitsBpf.Object.Btf;

/// <summary>An enum (BTF_KIND_ENUM, or BTF_KIND_ENUM64 when it is 8 bytes wide).</summary>
public sealed class BtfEnum(string name, int sizeBytes, bool signed, IReadOnlyList<BtfEnumValue> values) : BtfType(name)
{
    /// <summary>Size in bytes: 1, 2, 4 or 8.</summary>
    public int SizeBytes { get; } = sizeBytes;

    /// <summary>Whether the values are signed (kflag).</summary>
    public bool Signed { get; } = signed;

    /// <summary>The enumerators.</summary>
    public IReadOnlyList<BtfEnumValue> Values { get; } = values;
}
