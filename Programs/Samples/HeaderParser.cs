namespace TraitsBpf.Samples;

/// <summary>
/// Parses Ethernet, up to two VLAN tags, IPv4 with options or IPv6 with up to four extension
/// headers. Malformed IP packets (truncated headers, a bad version or header length, a total
/// length beyond the frame) are dropped; the rest pass with a 4-byte summary in the XDP
/// metadata area for a TC program to read: L3 offset, L4 offset, L4 protocol, VLAN tags.
/// </summary>
public static class HeaderParser
{
    /// <summary>Bytes of summary left in the metadata area.</summary>
    public const int SummarySize = 4;

    private const int MaxVlanTags = 2;
    private const int MaxExtensionHeaders = 4;

    /// <summary>The XDP program.</summary>
    [Xdp("hdr_parser")]
    public static unsafe XdpAction Run(XdpContext ctx)
    {
        EthernetHeader* eth = ctx.Header<EthernetHeader>(0);
        if (eth == null)
        {
            return XdpAction.Drop;
        }

        int offset = sizeof(EthernetHeader);
        ushort protocol = eth->EtherType;
        int vlans = 0;
        for (int i = 0; i < MaxVlanTags; i++)
        {
            if (protocol != Net.Htons(EtherType.Vlan) && protocol != Net.Htons(EtherType.QinQ))
            {
                break;
            }

            VlanHeader* vlan = ctx.Header<VlanHeader>(offset);
            if (vlan == null)
            {
                return XdpAction.Drop;
            }

            protocol = vlan->EncapsulatedProtocol;
            offset += sizeof(VlanHeader);
            vlans++;
        }

        int l3 = offset;
        byte l4Protocol;
        if (protocol == Net.Htons(EtherType.IPv4))
        {
            IPv4Header* ip = ctx.Header<IPv4Header>(offset);
            if (ip == null || ip->Version != 4 || ip->HeaderLength < sizeof(IPv4Header))
            {
                return XdpAction.Drop;
            }

            int totalLength = Net.Ntohs(ip->TotalLength);
            if (totalLength < ip->HeaderLength || ctx.Data + l3 + totalLength > ctx.DataEnd)
            {
                return XdpAction.Drop;
            }

            l4Protocol = ip->Protocol;
            offset += ip->HeaderLength;
        }
        else if (protocol == Net.Htons(EtherType.IPv6))
        {
            IPv6Header* ip6 = ctx.Header<IPv6Header>(offset);
            if (ip6 == null)
            {
                return XdpAction.Drop;
            }

            l4Protocol = ip6->NextHeader;
            offset += sizeof(IPv6Header);
            for (int i = 0; i < MaxExtensionHeaders && IsExtensionHeader(l4Protocol); i++)
            {
                byte* extension = (byte*)ctx.Header<ulong>(offset);
                if (extension == null)
                {
                    return XdpAction.Drop;
                }

                l4Protocol = extension[0];
                offset += (extension[1] + 1) * 8;
            }
        }
        else
        {
            return XdpAction.Pass;
        }

        if (ctx.AdjustMeta(-SummarySize) != 0)
        {
            return XdpAction.Pass;
        }

        byte* meta = ctx.DataMeta;
        if (meta + SummarySize > ctx.Data)
        {
            return XdpAction.Pass;
        }

        meta[0] = (byte)l3;
        meta[1] = (byte)offset;
        meta[2] = l4Protocol;
        meta[3] = (byte)vlans;
        return XdpAction.Pass;
    }

    private static bool IsExtensionHeader(byte protocol) =>
        protocol is IpProtocol.IPv6HopByHop or IpProtocol.IPv6Routing or IpProtocol.IPv6Fragment or IpProtocol.IPv6DestinationOptions;
}
