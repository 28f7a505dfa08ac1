namespace TraitsBpf.Loader.Traits;

/// <summary>How an object's programs reach packet traits, as its traits manifest says.</summary>
public enum TraitsBackendKind
{
    /// <summary>The store in the XDP metadata area, handled by code inlined in the program: any kernel.</summary>
    Meta,

    /// <summary>The trait kfuncs (bpf_xdp_trait_*, bpf_skb_trait_*) of a kernel with the packet-traits series.</summary>
    Kfunc,
}
