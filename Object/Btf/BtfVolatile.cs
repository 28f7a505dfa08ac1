namespace TraitsBpf.Object.Btf;

/// <summary>A volatile qualifier (BTF_KIND_VOLATILE).</summary>
public sealed class BtfVolatile(BtfType target) : BtfType("")
{
    /// <summary>The qualified type.</summary>
    public BtfType Target { get; } = target;
}
