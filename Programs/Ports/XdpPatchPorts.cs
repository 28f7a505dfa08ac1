namespace TraitsBpf.Ports;

/// <summary>
/// Port of c/xdp_patch_ports.bpf.c (xdp-tutorial's packet02 solution, xdp_patch_ports_func):
/// lowers the destination port of every UDP and TCP packet over IPv4 or IPv6 (VLAN tags skipped)
/// by one, leaving the checksum as it was, and counts the action taken.
/// </summary>
public static unsafe class XdpPatchPorts
{
    /// <summary>Packets and bytes per action, per CPU.</summary>
    public static readonly PerCpuArrayMap<DataRecord> XdpStatsMap = new(maxEntries: (int)XdpStats.XdpActionMax);

    /// <summary>The XDP program.</summary>
    [Xdp("xdp_patch_ports_func")]
    public static XdpAction XdpPatchPortsFunc(XdpContext ctx)
    {
        XdpAction action = XdpAction.Pass;
        int ethType, ipType;
        EthernetHeader* eth;
        IPv4Header* iphdr;
        IPv6Header* ipv6hdr;
        UdpHeader* udphdr;
        TcpHeader* tcphdr;
        byte* dataEnd = ctx.DataEnd;
        byte* data = ctx.Data;
        HeaderCursor nh = new() { Position = data };

        ethType = ParsingHelpers.ParseEthernetHeader(ref nh, dataEnd, out eth);
        if (ethType < 0)
        {
            action = XdpAction.Aborted;
            goto Out;
        }

        // ParseEthernetHeader returns the EtherType in network byte order.
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
                action = XdpAction.Aborted;
                goto Out;
            }

            udphdr->DestinationPort = Net.Htons((ushort)(Net.Ntohs(udphdr->DestinationPort) - 1));
        }
        else if (ipType == IpProtocol.Tcp)
        {
            if (ParsingHelpers.ParseTcpHeader(ref nh, dataEnd, out tcphdr) < 0)
            {
                action = XdpAction.Aborted;
                goto Out;
            }

            tcphdr->DestinationPort = Net.Htons((ushort)(Net.Ntohs(tcphdr->DestinationPort) - 1));
        }

    Out:
        return (XdpAction)XdpStats.RecordAction(XdpStatsMap, ctx, (uint)action);
    }
}
