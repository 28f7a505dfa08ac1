namespace TraitsBpf.Samples;

/// <summary>
/// Answers IPv4 ICMP echo requests from XDP: swaps the Ethernet and IP addresses, turns the
/// request into a reply, fixes the ICMP checksum incrementally and sends the packet back out
/// of the interface it came in on (XDP_TX). Everything else passes.
/// </summary>
public static class IcmpEchoReflector
{
    private const byte EchoRequest = 8;
    private const byte EchoReply = 0;

    /// <summary>The XDP program.</summary>
    [Xdp("icmp_reflect")]
    public static unsafe XdpAction Run(XdpContext ctx)
    {
        EthernetHeader* eth = ctx.Header<EthernetHeader>(0);
        if (eth == null || eth->EtherType != Net.Htons(EtherType.IPv4))
        {
            return XdpAction.Pass;
        }

        IPv4Header* ip = ctx.Header<IPv4Header>(sizeof(EthernetHeader));
        if (ip == null || ip->Protocol != IpProtocol.Icmp || ip->HeaderLength != sizeof(IPv4Header))
        {
            return XdpAction.Pass;
        }

        IcmpHeader* icmp = ctx.Header<IcmpHeader>(sizeof(EthernetHeader) + sizeof(IPv4Header));
        if (icmp == null || icmp->Type != EchoRequest || icmp->Code != 0)
        {
            return XdpAction.Pass;
        }

        for (int i = 0; i < 6; i++)
        {
            byte b = eth->Destination[i];
            eth->Destination[i] = eth->Source[i];
            eth->Source[i] = b;
        }

        uint source = ip->Source;
        ip->Source = ip->Destination;
        ip->Destination = source;
        ip->Ttl = 64;
        ip->Checksum = 0;
        ip->Checksum = Checksum.Compute((byte*)ip, sizeof(IPv4Header));

        // Type and code share a 16-bit word of the checksummed message.
        ushort before = *(ushort*)icmp;
        icmp->Type = EchoReply;
        icmp->Checksum = Checksum.Replace16(icmp->Checksum, before, *(ushort*)icmp);
        return XdpAction.Tx;
    }
}
