namespace TraitsBpf.Cli.Verbs;

/// <summary>The <c>--traits</c> option: which backend compiled C# programs use for packet traits.</summary>
public enum TraitsChoice
{
    /// <summary>kfunc when the running kernel has the trait kfuncs, meta otherwise.</summary>
    Auto,

    /// <summary>The trait kfuncs of a kernel with the packet-traits series.</summary>
    Kfunc,

    /// <summary>The XDP metadata area: any kernel.</summary>
    Meta,

    /// <summary>The metadata area at XDP, the host's stash map from the first skb program on: kernels with bpf_cast_to_kern_ctx and tp_btf.</summary>
    Stash,
}
