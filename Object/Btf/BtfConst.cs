namespace TraitsBpf.Object.Btf;

/// <summary>A const qualifier (BTF_KIND_CONST).</summary>
public sealed class BtfConst(BtfType target) : BtfType("")
{
    /// <summary>The qualified type.</summary>
    public BtfType Target { get; } = target;
}
