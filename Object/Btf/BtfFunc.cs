namespace TraitsBpf.Object.Btf;

/// <summary>A function (BTF_KIND_FUNC).</summary>
public sealed class BtfFunc(string name, BtfFuncProto proto, BtfLinkage linkage) : BtfType(name)
{
    /// <summary>The prototype.</summary>
    public BtfFuncProto Proto { get; } = proto;

    /// <summary>Static, global or extern (kfuncs are extern).</summary>
    public BtfLinkage Linkage { get; } = linkage;
}
