namespace TraitsBpf.Samples;

/// <summary>
/// A UDP policy for the processes of one cgroup, at the cgroup's socket-address hooks: a send to
/// <see cref="BlockedPort"/> fails with EPERM, a send to <see cref="MovedPort"/> goes to
/// <see cref="NewPort"/> instead, and a reply from <see cref="NewPort"/> is reported as coming from
/// <see cref="MovedPort"/>, so the application never sees the move. <see cref="Decisions"/> counts
/// what was refused and what was moved, for IPv4 and IPv6 sockets alike (the port is the same field at the
/// v4 and v6 hooks). Attach the programs with <c>traitsbpf load --cgroup PATH</c>.
/// </summary>
public static class UdpSendPolicy
{
    /// <summary>The UDP destination port a send to is refused.</summary>
    public const ushort BlockedPort = 9999;

    /// <summary>The UDP destination port whose sends are moved.</summary>
    public const ushort MovedPort = 5300;

    /// <summary>Where sends to <see cref="MovedPort"/> go.</summary>
    public const ushort NewPort = 5301;

    /// <summary>Index of refused sends in <see cref="Decisions"/>.</summary>
    public const uint Refused = 0;

    /// <summary>Index of moved sends.</summary>
    public const uint Moved = 1;

    /// <summary>Refused and moved sends.</summary>
    public static readonly ArrayMap<ulong> Decisions = new(maxEntries: 2);

    /// <summary>The sendmsg4 program: refuses, moves or lets the send go as it is.</summary>
    [CgroupSockAddr("udp_send_policy", SockAddrHook.UdpSendmsg4)]
    public static SockAddrVerdict Send(SockAddrContext ctx) => Decide(ctx);

    /// <summary>The recvmsg4 program: a datagram from the new port is reported as from the port the application sent to.</summary>
    [CgroupSockAddr("udp_recv_policy", SockAddrHook.UdpRecvmsg4)]
    public static SockAddrVerdict Receive(SockAddrContext ctx) => Restore(ctx);

    /// <summary>The sendmsg6 program: <see cref="Send"/> for IPv6 sockets.</summary>
    [CgroupSockAddr("udp6_send_policy", SockAddrHook.UdpSendmsg6)]
    public static SockAddrVerdict Send6(SockAddrContext ctx) => Decide(ctx);

    /// <summary>The recvmsg6 program: <see cref="Receive"/> for IPv6 sockets.</summary>
    [CgroupSockAddr("udp6_recv_policy", SockAddrHook.UdpRecvmsg6)]
    public static SockAddrVerdict Receive6(SockAddrContext ctx) => Restore(ctx);

    private static SockAddrVerdict Decide(SockAddrContext ctx)
    {
        uint port = ctx.UserPort;
        if (port == Net.Htons(BlockedPort))
        {
            Count(Refused);
            return SockAddrVerdict.Deny;
        }

        if (port == Net.Htons(MovedPort))
        {
            ctx.UserPort = Net.Htons(NewPort);
            Count(Moved);
        }

        return SockAddrVerdict.Allow;
    }

    private static SockAddrVerdict Restore(SockAddrContext ctx)
    {
        if (ctx.UserPort == Net.Htons(NewPort))
        {
            ctx.UserPort = Net.Htons(MovedPort);
        }

        return SockAddrVerdict.Allow;
    }

    private static unsafe void Count(uint index)
    {
        ulong* counter = Decisions.Lookup(index);
        if (counter != null)
        {
            Interlocked.Add(ref *counter, 1);
        }
    }
}
