using System.Runtime.CompilerServices;

namespace TraitsBpf.Ports;

/// <summary>
/// Port of c/parsing_helpers.h: a cursor walks the packet, each parser checks its header against
/// the end of the packet, moves the cursor past it, hands back a pointer to it and returns the type
/// of what follows (-1 when the packet is too short). C's <c>struct x **</c> out-parameters are
/// <c>out</c> parameters, null where C leaves them unset.
/// </summary>
public static unsafe class ParsingHelpers
{
    /// <summary>The most VLAN tags <see cref="ParseEthernetHeader"/> steps over.</summary>
    public const int VlanMaxDepth = 4;

    /// <summary>The longest chain of IPv6 extension headers <see cref="SkipIPv6ExtensionHeaders"/> steps over.</summary>
    public const int Ipv6ExtMaxChain = 6;

    /// <summary>True for the 802.1Q and 802.1ad EtherTypes, given in network byte order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool ProtoIsVlan(ushort hProto) =>
        hProto == Net.Htons(EtherType.Vlan) || hProto == Net.Htons(EtherType.QinQ);

    /// <summary>
    /// Steps over the Ethernet header and up to <see cref="VlanMaxDepth"/> tags; <paramref name="ethhdr"/>
    /// points at the Ethernet header. Returns the innermost EtherType in network byte order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ParseEthernetHeader(ref HeaderCursor nh, byte* dataEnd, out EthernetHeader* ethhdr)
    {
        EthernetHeader* eth = (EthernetHeader*)nh.Position;
        int hdrsize = sizeof(EthernetHeader);
        VlanHeader* vlh;
        ushort hProto;
        int i;

        ethhdr = null;
        if (nh.Position + hdrsize > dataEnd)
        {
            return -1;
        }

        nh.Position += hdrsize;
        ethhdr = eth;
        vlh = (VlanHeader*)nh.Position;
        hProto = eth->EtherType;

        for (i = 0; i < VlanMaxDepth; i++)
        {
            if (!ProtoIsVlan(hProto))
            {
                break;
            }

            if ((byte*)(vlh + 1) > dataEnd)
            {
                break;
            }

            hProto = vlh->EncapsulatedProtocol;
            vlh++;
        }

        nh.Position = (byte*)vlh;
        return hProto;
    }

    /// <summary>Steps over an IPv6 header; returns its next header.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ParseIPv6Header(ref HeaderCursor nh, byte* dataEnd, out IPv6Header* ip6hdr)
    {
        IPv6Header* ip6h = (IPv6Header*)nh.Position;

        ip6hdr = null;
        if ((byte*)(ip6h + 1) > dataEnd)
        {
            return -1;
        }

        nh.Position = (byte*)(ip6h + 1);
        ip6hdr = ip6h;
        return ip6h->NextHeader;
    }

    /// <summary>
    /// xdp-tools' later form of the helpers: steps over up to <see cref="Ipv6ExtMaxChain"/> extension headers
    /// and returns the first header that is not one (-1 when the chain is cut short or longer). Each kind
    /// states its length its own way: in 8-byte units beyond the first 8 bytes, in 4-byte units beyond
    /// the first 8 for AH, and fixed at 8 bytes for a fragment header.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SkipIPv6ExtensionHeaders(ref HeaderCursor nh, byte* dataEnd, byte nextHdrType)
    {
        for (int i = 0; i < Ipv6ExtMaxChain; ++i)
        {
            Ipv6OptionHeader* hdr = (Ipv6OptionHeader*)nh.Position;

            if ((byte*)(hdr + 1) > dataEnd)
            {
                return -1;
            }

            switch (nextHdrType)
            {
                case IpProtocol.IPv6HopByHop:
                case IpProtocol.IPv6DestinationOptions:
                case IpProtocol.IPv6Routing:
                case IpProtocol.IPv6Mobility:
                    nh.Position = (byte*)hdr + ((hdr->HeaderLength + 1) * 8);
                    nextHdrType = hdr->NextHeader;
                    break;
                case IpProtocol.AuthenticationHeader:
                    nh.Position = (byte*)hdr + ((hdr->HeaderLength + 2) * 4);
                    nextHdrType = hdr->NextHeader;
                    break;
                case IpProtocol.IPv6Fragment:
                    nh.Position = (byte*)hdr + 8;
                    nextHdrType = hdr->NextHeader;
                    break;
                default:
                    return nextHdrType;
            }
        }

        return -1;
    }

    /// <summary>xdp-tools' parse_ip6hdr: the IPv6 header, then its extension headers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ParseIPv6HeaderAndExtensions(ref HeaderCursor nh, byte* dataEnd, out IPv6Header* ip6hdr)
    {
        int nexthdr = ParseIPv6Header(ref nh, dataEnd, out ip6hdr);

        if (nexthdr < 0)
        {
            return -1;
        }

        return SkipIPv6ExtensionHeaders(ref nh, dataEnd, (byte)nexthdr);
    }

    /// <summary>Steps over an IPv4 header by the length its IHL field gives; returns its protocol.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ParseIPv4Header(ref HeaderCursor nh, byte* dataEnd, out IPv4Header* iphdr)
    {
        IPv4Header* iph = (IPv4Header*)nh.Position;
        int hdrsize;

        iphdr = null;
        if ((byte*)(iph + 1) > dataEnd)
        {
            return -1;
        }

        hdrsize = iph->Ihl * 4;
        if (nh.Position + hdrsize > dataEnd)
        {
            return -1;
        }

        nh.Position += hdrsize;
        iphdr = iph;
        return iph->Protocol;
    }

    /// <summary>Steps over the first word of an ICMP or ICMPv6 header; returns its type.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ParseIcmpCommonHeader(ref HeaderCursor nh, byte* dataEnd, out IcmpCommonHeader* icmphdr)
    {
        IcmpCommonHeader* h = (IcmpCommonHeader*)nh.Position;

        icmphdr = null;
        if ((byte*)(h + 1) > dataEnd)
        {
            return -1;
        }

        nh.Position = (byte*)(h + 1);
        icmphdr = h;
        return h->Type;
    }

    /// <summary>Steps over a UDP header; returns the payload's length as the header states it, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ParseUdpHeader(ref HeaderCursor nh, byte* dataEnd, out UdpHeader* udphdr)
    {
        UdpHeader* h = (UdpHeader*)nh.Position;
        int len;

        udphdr = null;
        if ((byte*)(h + 1) > dataEnd)
        {
            return -1;
        }

        nh.Position = (byte*)(h + 1);
        udphdr = h;
        len = Net.Ntohs(h->Length) - sizeof(UdpHeader);
        if (len < 0)
        {
            return -1;
        }

        return len;
    }

    /// <summary>Returns the TCP header's length (options included) once all of it is in the packet, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ParseTcpHeader(ref HeaderCursor nh, byte* dataEnd, out TcpHeader* tcphdr)
    {
        TcpHeader* h = (TcpHeader*)nh.Position;
        int len;

        tcphdr = null;
        if ((byte*)(h + 1) > dataEnd)
        {
            return -1;
        }

        len = h->DataOffsetWords * 4;
        if ((byte*)h + len > dataEnd)
        {
            return -1;
        }

        nh.Position = (byte*)(h + 1);
        tcphdr = h;
        return len;
    }
}
