namespace TraitsBpf.Object.Btf;

/// <summary>The void type (BTF id 0), for <c>void</c> returns and <c>void *</c>.</summary>
public sealed class BtfVoid : BtfType
{
    private BtfVoid() : base("") { }

    /// <summary>The one instance.</summary>
    public static BtfVoid Instance { get; } = new();
}
