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

    /// <summary>
    /// The kfunc for <paramref name="operation"/> (get, set or del) at a cgroup socket-address hook: the traits of
    /// the datagram a UDP socket sends (cgroup/sendmsg4 and sendmsg6) or reads (recvmsg4 and recvmsg6).
    /// </summary>
    public static string SockAddrName(string operation) => $"bpf_sock_addr_trait_{operation}";

    /// <summary>The cgroup socket-address trait kfuncs, get, set and del; the series' later patches add them.</summary>
    public static IReadOnlyList<string> SockAddr { get; } = [.. Operations.Select(SockAddrName)];

    /// <summary>
    /// The series' kfunc with which a cgroup recvmsg program gives user space a control message of its own at level
    /// <c>SOL_BPF</c>, after the datagram's traits (patch 23).
    /// </summary>
    public const string SockAddrPutControlMessage = "bpf_sock_addr_put_cmsg";

    /// <summary>The series' kfunc with which a cgroup sendmsg program reads the sender's control messages (patch 24).</summary>
    public const string SockAddrReadControlMessage = "bpf_sock_addr_cmsg_read";

    /// <summary>The series' control-message kfuncs for cgroup socket-address programs, put and read.</summary>
    public static IReadOnlyList<string> SockAddrControlMessages { get; } = [SockAddrPutControlMessage, SockAddrReadControlMessage];

    /// <summary>Why only a cgroup recvmsg program puts control messages.</summary>
    public const string PutControlMessageAtRecvmsgOnly = "only a cgroup/recvmsg4 or recvmsg6 program puts control messages, beside the datagram user space reads";

    /// <summary>Why only a cgroup sendmsg program reads control messages.</summary>
    public const string ReadControlMessageAtSendmsgOnly = "only a cgroup/sendmsg4 or sendmsg6 program reads control messages, the sender's (at recvmsg they are user space's buffer)";

    /// <summary>Why the other cgroup socket-address hooks have no traits.</summary>
    public const string SockAddrWithoutDatagram = "traits exist only at cgroup/sendmsg4, sendmsg6, recvmsg4 and recvmsg6, where a UDP datagram is sent or read";
}
