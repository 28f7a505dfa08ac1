namespace TraitsBpf.TestSupport.SockAddr;

/// <summary>
/// Traits given by policy rather than by the sender's code: every UDP datagram the processes of one cgroup send
/// leaves with <see cref="ServiceId"/> (cgroup/sendmsg4 and sendmsg6, the packet-traits series'
/// bpf_sock_addr_trait_set), a flag <see cref="Internal"/> a sender gave is removed, and the datagrams they read are
/// counted by whether they carry a <see cref="PacketId"/> (cgroup/recvmsg4 and recvmsg6, bpf_sock_addr_trait_get).
/// Compiled for the kfunc backend only; the VM tier attaches it with <c>traitsbpf load --cgroup</c>.
/// </summary>
public static class ServiceStamp
{
    /// <summary>The trait every sent datagram is given.</summary>
    public static readonly Trait<uint> ServiceId = new("service_id");

    /// <summary>A flag senders may set, which must not leave the cgroup.</summary>
    public static readonly Trait<TraitFlag> Internal = new("internal");

    /// <summary>The trait the tagger gives each packet at XDP, which reads count.</summary>
    public static readonly Trait<ulong> PacketId = new("packet_id");

    /// <summary>The value of <see cref="ServiceId"/>; set at load with <c>--set StampValue=N</c>.</summary>
    public static readonly uint StampValue = 7;

    /// <summary>Index of sends stamped in <see cref="Counts"/>.</summary>
    public const uint Stamped = 0;

    /// <summary>Index of sends whose stamp failed (a corked datagram: -EOPNOTSUPP).</summary>
    public const uint NotStamped = 1;

    /// <summary>Index of reads of a datagram with a packet id.</summary>
    public const uint ReadWithId = 2;

    /// <summary>Index of reads of a datagram without one.</summary>
    public const uint ReadWithoutId = 3;

    /// <summary>Index of sends that had <see cref="Internal"/>, which was removed.</summary>
    public const uint InternalRemoved = 4;

    /// <summary>The counters, by the indexes above.</summary>
    public static readonly ArrayMap<ulong> Counts = new(maxEntries: 5);

    /// <summary>Stamps an IPv4 send.</summary>
    [CgroupSockAddr("service_stamp4", SockAddrHook.UdpSendmsg4)]
    public static SockAddrVerdict Stamp4(SockAddrContext ctx) => Stamp(ctx);

    /// <summary>Stamps an IPv6 send.</summary>
    [CgroupSockAddr("service_stamp6", SockAddrHook.UdpSendmsg6)]
    public static SockAddrVerdict Stamp6(SockAddrContext ctx) => Stamp(ctx);

    /// <summary>Counts an IPv4 read.</summary>
    [CgroupSockAddr("service_reads4", SockAddrHook.UdpRecvmsg4)]
    public static SockAddrVerdict Read4(SockAddrContext ctx) => Read(ctx);

    /// <summary>Counts an IPv6 read.</summary>
    [CgroupSockAddr("service_reads6", SockAddrHook.UdpRecvmsg6)]
    public static SockAddrVerdict Read6(SockAddrContext ctx) => Read(ctx);

    private static SockAddrVerdict Stamp(SockAddrContext ctx)
    {
        Count(ctx.Traits.Set(ServiceId, StampValue) == 0 ? Stamped : NotStamped);
        if (ctx.Traits.Delete(Internal) == 0)
        {
            Count(InternalRemoved);
        }

        return SockAddrVerdict.Allow;
    }

    private static SockAddrVerdict Read(SockAddrContext ctx)
    {
        Count(ctx.Traits.TryGet(PacketId, out _) ? ReadWithId : ReadWithoutId);
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
}
