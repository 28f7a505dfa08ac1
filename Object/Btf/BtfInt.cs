namespace TraitsBpf.Object.Btf;

/// <summary>An integer type (BTF_KIND_INT), e.g. <c>unsigned int</c>.</summary>
public sealed class BtfInt(string name, int sizeBytes, BtfIntEncoding encoding) : BtfType(name)
{
    /// <summary>Size in bytes: 1, 2, 4, 8 or 16.</summary>
    public int SizeBytes { get; } = sizeBytes;

    /// <summary>Signedness, char or bool.</summary>
    public BtfIntEncoding Encoding { get; } = encoding;
}
