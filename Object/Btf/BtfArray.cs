namespace TraitsBpf.Object.Btf;

/// <summary>A C array (BTF_KIND_ARRAY); its index type is written as a 4-byte int.</summary>
public sealed class BtfArray(BtfType element, int count) : BtfType("")
{
    /// <summary>The element type.</summary>
    public BtfType Element { get; } = element;

    /// <summary>Number of elements.</summary>
    public int Count { get; } = count;
}
