namespace TraitsBpf.Samples;

/// <summary>
/// Marks outgoing voice traffic: UDP datagrams to or from the SIP/RTP port range get DSCP EF
/// (46) in IPv4 (with the header checksum fixed incrementally) and in IPv6's traffic class.
/// </summary>
public static class DscpMarker
{
    /// <summary>DSCP Expedited Forwarding.</summary>
    public const byte ExpeditedForwarding = 46;

    /// <summary>First port marked (SIP).</summary>
    public const ushort FirstPort = 5060;

    /// <summary>Last port marked.</summary>
    public const ushort LastPort = 5080;

    /// <summary>The TC program; it never drops.</summary>
    [Tc("dscp_marker", TcDirection.Egress)]
    public static unsafe TcAction Run(TcContext ctx)
    {
        EthernetHeader* eth = ctx.Header<EthernetHeader>(0);
        if (eth == null)
        {
            return TcAction.Ok;
        }

        if (eth->EtherType == Net.Htons(EtherType.IPv4))
        {
            IPv4Header* ip = ctx.Header<IPv4Header>(sizeof(EthernetHeader));
            if (ip == null || ip->Protocol != IpProtocol.Udp || ip->HeaderLength < sizeof(IPv4Header))
            {
                return TcAction.Ok;
            }

            UdpHeader* udp = ctx.Header<UdpHeader>(sizeof(EthernetHeader) + ip->HeaderLength);
            if (udp == null || !IsVoice(udp))
            {
                return TcAction.Ok;
            }

            // TOS shares a 16-bit word with the version/IHL byte.
            ushort before = *(ushort*)ip;
            ip->Tos = (byte)((ExpeditedForwarding << 2) | (ip->Tos & 0x03));
            ip->Checksum = Checksum.Replace16(ip->Checksum, before, *(ushort*)ip);
        }
        else if (eth->EtherType == Net.Htons(EtherType.IPv6))
        {
            IPv6Header* ip6 = ctx.Header<IPv6Header>(sizeof(EthernetHeader));
            if (ip6 == null || ip6->NextHeader != IpProtocol.Udp)
            {
                return TcAction.Ok;
            }

            UdpHeader* udp = ctx.Header<UdpHeader>(sizeof(EthernetHeader) + sizeof(IPv6Header));
            if (udp == null || !IsVoice(udp))
            {
                return TcAction.Ok;
            }

            // Version (4 bits), traffic class (8), flow label (20): the class is bits 20..27 of the host-order word.
            uint word = Net.Ntohl(ip6->VersionClassFlow);
            word = (word & 0xF00FFFFF) | ((uint)ExpeditedForwarding << 22) | (word & 0x00300000);
            ip6->VersionClassFlow = Net.Htonl(word);
        }

        return TcAction.Ok;
    }

    private static unsafe bool IsVoice(UdpHeader* udp)
    {
        ushort source = Net.Ntohs(udp->SourcePort);
        ushort destination = Net.Ntohs(udp->DestinationPort);
        return (destination >= FirstPort && destination <= LastPort) || (source >= FirstPort && source <= LastPort);
    }
}
