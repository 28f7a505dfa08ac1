namespace TraitsBpf.TestSupport.SockAddr;

/// <summary>
/// A cgroup's policy over what its services see and send (the packet-traits series' patches 23 and 24): the datagrams
/// its processes read lose the <see cref="Secret"/> flag from the traits they receive and get a receipt, a
/// (SOL_BPF, <see cref="ReceiptType"/>) control message holding the packet id the policy saw
/// (cgroup/recvmsg4 and recvmsg6, bpf_sock_addr_trait_del and bpf_sock_addr_put_cmsg); the datagrams they send are
/// refused when a control message asks for a TTL of 1 (cgroup/sendmsg4 and sendmsg6, bpf_sock_addr_cmsg_read).
/// Compiled for the kfunc backend only; the VM tier attaches it with <c>traitsbpf load --cgroup</c>.
/// </summary>
public static class ServicePolicy
{
    /// <summary>The packet id a receipt repeats.</summary>
    public static readonly Trait<ulong> PacketId = new("packet_id");

    /// <summary>A flag services must not see.</summary>
    public static readonly Trait<TraitFlag> Secret = new("secret");

    /// <summary>The type at level SOL_BPF of the receipt a read gets.</summary>
    public const uint ReceiptType = 2;

    /// <summary>IP_TTL at level SOL_IP (0), the option a send may not set to 1.</summary>
    public const int IpTtl = 2;

    /// <summary>Index of reads whose secret was hidden in <see cref="Counts"/>.</summary>
    public const uint Hidden = 0;

    /// <summary>Index of receipts put.</summary>
    public const uint Receipts = 1;

    /// <summary>Index of receipts the kernel refused (a socket without SO_BPF_TRAITS: -EOPNOTSUPP).</summary>
    public const uint ReceiptsRefused = 2;

    /// <summary>Index of control messages the sendmsg programs read.</summary>
    public const uint MessagesRead = 3;

    /// <summary>Index of sends refused.</summary>
    public const uint SendsRefused = 4;

    /// <summary>The counters, by the indexes above.</summary>
    public static readonly ArrayMap<ulong> Counts = new(maxEntries: 5);

    /// <summary>Filters an IPv4 read.</summary>
    [CgroupSockAddr("policy_reads4", SockAddrHook.UdpRecvmsg4)]
    public static SockAddrVerdict Read4(SockAddrContext ctx) => Read(ctx);

    /// <summary>Filters an IPv6 read.</summary>
    [CgroupSockAddr("policy_reads6", SockAddrHook.UdpRecvmsg6)]
    public static SockAddrVerdict Read6(SockAddrContext ctx) => Read(ctx);

    /// <summary>Inspects an IPv4 send.</summary>
    [CgroupSockAddr("policy_sends4", SockAddrHook.UdpSendmsg4)]
    public static SockAddrVerdict Send4(SockAddrContext ctx) => Send(ctx);

    /// <summary>Inspects an IPv6 send.</summary>
    [CgroupSockAddr("policy_sends6", SockAddrHook.UdpSendmsg6)]
    public static SockAddrVerdict Send6(SockAddrContext ctx) => Send(ctx);

    private static unsafe SockAddrVerdict Read(SockAddrContext ctx)
    {
        if (ctx.Traits.Delete(Secret) == 0)
        {
            Count(Hidden);
        }

        if (ctx.Traits.TryGet(PacketId, out ulong id))
        {
            Count(ctx.PutControlMessage(ReceiptType, &id, sizeof(ulong)) == 0 ? Receipts : ReceiptsRefused);
        }

        return SockAddrVerdict.Allow;
    }

    private static unsafe SockAddrVerdict Send(SockAddrContext ctx)
    {
        IntOption option;
        for (uint index = 0; index < 4; index++)
        {
            option = default;
            if (ctx.ReadControlMessage(index, &option, sizeof(IntOption)) < 0)
            {
                break;
            }

            Count(MessagesRead);
            if (option.Header.Level == 0 && option.Header.Type == IpTtl && option.Value == 1)
            {
                Count(SendsRefused);
                return SockAddrVerdict.Deny;
            }
        }

        return SockAddrVerdict.Allow;
    }

    private static unsafe void Count(uint index)
    {
        ulong* counter = Counts.Lookup(index);
        if (counter != null)
        {
            Interlocked.Add(ref *counter, 1);
        }
    }

    /// <summary>A control message whose payload is an int (IP_TTL, IP_TOS, ...), as the sender wrote it.</summary>
    private struct IntOption
    {
        public ControlMessageHeader Header;
        public int Value;
    }
}
