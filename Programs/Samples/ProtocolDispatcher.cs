namespace TraitsBpf.Samples;

/// <summary>
/// An XDP entry program that tail-calls a per-protocol program from a program array: TCP and
/// UDP handlers count what they see; an empty slot (ICMP here, unless filled) falls through and
/// passes. The loader fills the array with the handlers by slot.
/// </summary>
public static class ProtocolDispatcher
{
    /// <summary>Slot of the TCP handler.</summary>
    public const uint TcpSlot = 0;

    /// <summary>Slot of the UDP handler.</summary>
    public const uint UdpSlot = 1;

    /// <summary>Slot of the ICMP handler (left empty by default).</summary>
    public const uint IcmpSlot = 2;

    /// <summary>The handlers, by slot.</summary>
    public static readonly ProgramArray Handlers = new(maxEntries: 4);

    /// <summary>[slot] packets each handler saw.</summary>
    public static readonly ArrayMap<ulong> Handled = new(maxEntries: 4);

    /// <summary>The entry program.</summary>
    [Xdp("dispatcher")]
    public static unsafe XdpAction Run(XdpContext ctx)
    {
        EthernetHeader* eth = ctx.Header<EthernetHeader>(0);
        if (eth == null || eth->EtherType != Net.Htons(EtherType.IPv4))
        {
            return XdpAction.Pass;
        }

        IPv4Header* ip = ctx.Header<IPv4Header>(sizeof(EthernetHeader));
        if (ip == null)
        {
            return XdpAction.Pass;
        }

        switch (ip->Protocol)
        {
            case IpProtocol.Tcp:
                Handlers.TailCall(ctx, TcpSlot);
                break;
            case IpProtocol.Udp:
                Handlers.TailCall(ctx, UdpSlot);
                break;
            case IpProtocol.Icmp:
                Handlers.TailCall(ctx, IcmpSlot);
                break;
        }

        return XdpAction.Pass;
    }

    /// <summary>The TCP handler: counts, and drops TCP to port 23 (telnet).</summary>
    [Xdp("handle_tcp")]
    public static unsafe XdpAction HandleTcp(XdpContext ctx)
    {
        Count(TcpSlot);
        TcpHeader* tcp = ctx.Header<TcpHeader>(sizeof(EthernetHeader) + sizeof(IPv4Header));
        return tcp != null && tcp->DestinationPort == Net.Htons(23) ? XdpAction.Drop : XdpAction.Pass;
    }

    /// <summary>The UDP handler: counts.</summary>
    [Xdp("handle_udp")]
    public static XdpAction HandleUdp(XdpContext ctx)
    {
        Count(UdpSlot);
        return XdpAction.Pass;
    }

    private static unsafe void Count(uint slot)
    {
        ulong* counter = Handled.Lookup(slot);
        if (counter != null)
        {
            Interlocked.Increment(ref *counter);
        }
    }
}
