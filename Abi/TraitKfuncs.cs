namespace TraitsBpf.Abi;

/// <summary>The trait kfuncs of the packet-traits kernel series, by hook and operation.</summary>
public static class TraitKfuncs
{
    /// <summary>
    /// The kernel function (6.2+) that gives an skb program its <c>struct sk_buff</c> as a BTF pointer:
    /// the stash backend keys the sk_buff's traits by its address and checks its generation through it.
    /// </summary>
    public const string CastToKernContext = "bpf_cast_to_kern_ctx";

    /// <summary>
    /// Why a socket filter only reads traits: the series registers only <c>bpf_skb_trait_get</c> for socket filters,
    /// and every backend keeps that rule (the compiler's refusal and managed execution's exception say this).
    /// </summary>
    public const string SocketFilterReadsOnly = "a socket filter only reads traits (the kernel may share its sk_buff with other taps); set and delete them at XDP or TC";

    /// <summary>The operations, in the ABI's order.</summary>
    public static IReadOnlyList<string> Operations { get; } = ["get", "set", "del"];

    /// <summary>Every trait kfunc in the ABI's order: XDP get, set, del, then skb get, set, del.</summary>
    public static IReadOnlyList<string> All { get; } = [.. new[] { true, false }.SelectMany(xdp => Operations.Select(op => Name(xdp, op)))];

    /// <summary>The kfunc for <paramref name="operation"/> (get, set or del) on an XDP buffer or an skb.</summary>
    public static string Name(bool xdp, string operation) => $"bpf_{(xdp ? "xdp" : "skb")}_trait_{operation}";
}
