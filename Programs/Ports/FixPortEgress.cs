namespace TraitsBpf.Ports;

/// <summary>
/// Port of c/fix_port_egress.bpf.c (xdp-tutorial's packet-solutions tc_reply_kern_02.c,
/// _fix_port_egress): on egress, raises the source port of every UDP and TCP packet over IPv4 or
/// IPv6 (VLAN tags skipped) by one and patches the checksum for it (one's complement: adding
/// 0xffff in network order, and a zero result made 0xffff again).
/// </summary>
public static unsafe class FixPortEgress
{
    /// <summary>The TC program.</summary>
    [Tc("_fix_port_egress", TcDirection.Egress)]
    public static TcAction FixPortEgressFunc(TcContext skb)
    {
        byte* dataEnd = skb.DataEnd;
        byte* data = skb.Data;
        HeaderCursor nh = new() { Position = data };
        int ethType, ipType;
        TcAction ret = TcAction.Ok;
        IPv6Header* ipv6hdr;
        IPv4Header* iphdr;
        UdpHeader* udphdr;
        TcpHeader* tcphdr;
        EthernetHeader* eth;

        if (data + sizeof(EthernetHeader) > dataEnd)
        {
            goto Out;
        }

        ethType = ParsingHelpers.ParseEthernetHeader(ref nh, dataEnd, out eth);
        if (ethType < 0)
        {
            goto Out;
        }

        if (ethType == Net.Htons(EtherType.IPv4))
        {
            ipType = ParsingHelpers.ParseIPv4Header(ref nh, dataEnd, out iphdr);
        }
        else if (ethType == Net.Htons(EtherType.IPv6))
        {
            ipType = ParsingHelpers.ParseIPv6Header(ref nh, dataEnd, out ipv6hdr);
        }
        else
        {
            goto Out;
        }

        if (ipType == IpProtocol.Udp)
        {
            if (ParsingHelpers.ParseUdpHeader(ref nh, dataEnd, out udphdr) < 0)
            {
                goto Out;
            }

            udphdr->SourcePort = Net.Htons((ushort)(Net.Ntohs(udphdr->SourcePort) + 1));
            udphdr->Checksum += Net.Htons(unchecked((ushort)-1));
            if (udphdr->Checksum == 0)
            {
                udphdr->Checksum += Net.Htons(unchecked((ushort)-1));
            }
        }
        else if (ipType == IpProtocol.Tcp)
        {
            if (ParsingHelpers.ParseTcpHeader(ref nh, dataEnd, out tcphdr) < 0)
            {
                goto Out;
            }

            tcphdr->SourcePort = Net.Htons((ushort)(Net.Ntohs(tcphdr->SourcePort) + 1));
            tcphdr->Checksum += Net.Htons(unchecked((ushort)-1));
            if (tcphdr->Checksum == 0)
            {
                tcphdr->Checksum += Net.Htons(unchecked((ushort)-1));
            }
        }

    Out:
        return ret;
    }
}
