using TraitsBpf;

namespace TraitsBpfXdp;

/// <summary>
/// Drops IPv4 UDP datagrams to one port and counts them; everything else passes.
/// </summary>
public static class UdpPortFilter
{
    /// <summary>The UDP destination port that is dropped (a .rodata constant: traitsbpf load --set BlockedPort=53).</summary>
    public static readonly ushort BlockedPort = 9;

    /// <summary>Slot 0: datagrams dropped.</summary>
    public static readonly ArrayMap<ulong> Dropped = new(maxEntries: 1);

    /// <summary>The XDP program.</summary>
    [Xdp("udp_port_filter")]
    public static unsafe XdpAction Run(XdpContext ctx)
    {
        EthernetHeader* eth = ctx.Header<EthernetHeader>(0);
        if (eth == null || eth->EtherType != Net.Htons(EtherType.IPv4))
            return XdpAction.Pass;

        IPv4Header* ip = ctx.Header<IPv4Header>(sizeof(EthernetHeader));
        if (ip == null || ip->Protocol != IpProtocol.Udp || ip->HeaderLength < sizeof(IPv4Header))
            return XdpAction.Pass;

        UdpHeader* udp = ctx.Header<UdpHeader>(sizeof(EthernetHeader) + ip->HeaderLength);
        if (udp == null || Net.Ntohs(udp->DestinationPort) != BlockedPort)
            return XdpAction.Pass;

        ulong* dropped = Dropped.Lookup(0);
        if (dropped != null)
            Interlocked.Increment(ref *dropped);
        return XdpAction.Drop;
    }
}
