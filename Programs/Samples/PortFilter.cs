namespace TraitsBpf.Samples;

/// <summary>
/// Drops UDP datagrams to one port, over IPv4 (any header length) and IPv6; everything else passes.
/// </summary>
public static class PortFilter
{
    /// <summary>The UDP destination port that is dropped.</summary>
    public const ushort BlockedPort = 9999;

    /// <summary>The XDP program.</summary>
    [Xdp("port_filter")]
    public static unsafe XdpAction Run(XdpContext ctx)
    {
        EthernetHeader* eth = ctx.Header<EthernetHeader>(0);
        if (eth == null)
        {
            return XdpAction.Pass;
        }

        int offset = sizeof(EthernetHeader);
        byte protocol;
        if (eth->EtherType == Net.Htons(EtherType.IPv4))
        {
            IPv4Header* ip = ctx.Header<IPv4Header>(offset);
            if (ip == null || ip->HeaderLength < sizeof(IPv4Header))
            {
                return XdpAction.Pass;
            }

            protocol = ip->Protocol;
            offset += ip->HeaderLength;
        }
        else if (eth->EtherType == Net.Htons(EtherType.IPv6))
        {
            IPv6Header* ip6 = ctx.Header<IPv6Header>(offset);
            if (ip6 == null)
            {
                return XdpAction.Pass;
            }

            protocol = ip6->NextHeader;
            offset += sizeof(IPv6Header);
        }
        else
        {
            return XdpAction.Pass;
        }

        if (protocol != IpProtocol.Udp)
        {
            return XdpAction.Pass;
        }

        UdpHeader* udp = ctx.Header<UdpHeader>(offset);
        if (udp == null)
        {
            return XdpAction.Pass;
        }

        return Net.Ntohs(udp->DestinationPort) == BlockedPort ? XdpAction.Drop : XdpAction.Pass;
    }
}
