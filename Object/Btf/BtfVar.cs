namespace TraitsBpf.Object.Btf;

/// <summary>A variable (BTF_KIND_VAR).</summary>
public sealed class BtfVar(string name, BtfType type, BtfLinkage linkage) : BtfType(name)
{
    /// <summary>The variable's type.</summary>
    public BtfType Type { get; } = type;

    /// <summary>Static, global or extern.</summary>
    public BtfLinkage Linkage { get; } = linkage;
}
