namespace TraitsBpf.Object.Btf;

/// <summary>A forward declaration (BTF_KIND_FWD) of a struct or union.</summary>
public sealed class BtfForward(string name, bool isUnion = false) : BtfType(name)
{
    /// <summary>True for <c>union name;</c>, false for <c>struct name;</c>.</summary>
    public bool IsUnion { get; } = isUnion;
}
