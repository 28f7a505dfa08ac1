namespace TraitsBpf.Programs.Tests.Maps;

/// <summary>
/// An XDP program that hands IPv4 UDP to <see cref="SocketPort"/> to the AF_XDP socket of the queue it arrived on (the
/// <see cref="Sockets"/> slot of that index), falling back to XDP_PASS when the slot is empty, and passes everything else.
/// Each datagram's verdict is recorded under the sequence number its payload starts with.
/// </summary>
public static unsafe class XskMapPrograms
{
    /// <summary>The UDP port whose datagrams go to the AF_XDP socket.</summary>
    public const ushort SocketPort = 9531;

    /// <summary>How many sequence numbers <see cref="Verdicts"/> records.</summary>
    public const int Sequences = 64;

    /// <summary>AF_XDP sockets by receive queue.</summary>
    public static readonly XskMap Sockets = new(4);

    /// <summary>At a datagram's sequence number (its payload's first 4 bytes, little-endian, below <see cref="Sequences"/>): 1 + the action returned for it; 0 for none seen.</summary>
    public static readonly ArrayMap<uint> Verdicts = new(Sequences);

    /// <summary>UDP to <see cref="SocketPort"/> to the socket of the receiving queue; everything else passes.</summary>
    [Xdp("x_to_socket")]
    public static XdpAction ToSocket(XdpContext ctx)
    {
        EthernetHeader* eth = ctx.Header<EthernetHeader>(0);
        if (eth == null || eth->EtherType != Net.Htons(EtherType.IPv4))
        {
            return XdpAction.Pass;
        }

        IPv4Header* ip = ctx.Header<IPv4Header>(sizeof(EthernetHeader));
        if (ip == null || ip->Protocol != IpProtocol.Udp)
        {
            return XdpAction.Pass;
        }

        int udpAt = sizeof(EthernetHeader) + ip->HeaderLength;
        UdpHeader* udp = ctx.Header<UdpHeader>(udpAt);
        uint* sequence = ctx.Header<uint>(udpAt + sizeof(UdpHeader));
        if (udp == null || sequence == null)
        {
            return XdpAction.Pass;
        }

        XdpAction action = Net.Ntohs(udp->DestinationPort) == SocketPort
            ? Sockets.Redirect(ctx.RxQueueIndex, (ulong)XdpAction.Pass)
            : XdpAction.Pass;
        if (*sequence < Sequences)
        {
            Verdicts.Update(*sequence, (uint)action + 1);
        }

        return action;
    }
}
