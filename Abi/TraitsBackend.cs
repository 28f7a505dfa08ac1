namespace TraitsBpf.Abi;

/// <summary>
/// How compiled programs reach packet traits: one type for the compiler that emits the object, the
/// manifest that records it and the loader that reads it (<see cref="TraitsBackendNames"/> spells it).
/// </summary>
public enum TraitsBackend
{
    /// <summary>
    /// The store in the XDP metadata area, read and written by code the compiler emits inline:
    /// works on stock kernels; XDP writes, TC ingress reads and rewrites what XDP left.
    /// </summary>
    Meta,

    /// <summary>The kernel's trait kfuncs (bpf_xdp_trait_*, bpf_skb_trait_*) on a kernel with the packet-traits series.</summary>
    Kfunc,

    /// <summary>
    /// The side stash for stock kernels with <c>bpf_cast_to_kern_ctx</c> and <c>tp_btf</c> (6.2+): XDP
    /// writes the meta backend's store; skb programs keep each sk_buff's store in one host-wide hash
    /// map keyed by the sk_buff's address (<see cref="TraitStashFormat"/>), which the reaper's tracing
    /// programs empty when the kernel frees the sk_buff.
    /// </summary>
    Stash,
}
