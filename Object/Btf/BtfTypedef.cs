namespace TraitsBpf.Object.Btf;

/// <summary>A typedef (BTF_KIND_TYPEDEF).</summary>
public sealed class BtfTypedef(string name, BtfType target) : BtfType(name)
{
    /// <summary>The aliased type.</summary>
    public BtfType Target { get; } = target;
}
