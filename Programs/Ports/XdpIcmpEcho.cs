using System.Runtime.CompilerServices;

namespace TraitsBpf.Ports;

/// <summary>
/// Port of c/xdp_icmp_echo.bpf.c (xdp-tutorial's packet03 solution, xdp_icmp_echo_func): turns
/// ICMP and ICMPv6 echo requests into replies in place (addresses swapped, type changed, checksum
/// patched with <see cref="Bpf.CsumDiff"/>) and sends them back with XDP_TX; everything else
/// passes. The action taken is counted.
/// </summary>
public static unsafe class XdpIcmpEcho
{
    private const byte IcmpEchoReply = 0;
    private const byte IcmpEcho = 8;
    private const byte IcmpV6EchoRequest = 128;
    private const byte IcmpV6EchoReply = 129;

    /// <summary>Packets and bytes per action, per CPU.</summary>
    public static readonly PerCpuArrayMap<DataRecord> XdpStatsMap = new(maxEntries: (int)XdpStats.XdpActionMax);

    /// <summary>The XDP program.</summary>
    [Xdp("xdp_icmp_echo_func")]
    public static XdpAction XdpIcmpEchoFunc(XdpContext ctx)
    {
        byte* dataEnd = ctx.DataEnd;
        byte* data = ctx.Data;
        HeaderCursor nh;
        EthernetHeader* eth;
        int ethType;
        int ipType;
        int icmpType;
        IPv4Header* iphdr = null;
        IPv6Header* ipv6hdr = null;
        ushort echoReply, oldCsum;
        IcmpCommonHeader* icmphdr;
        IcmpCommonHeader icmphdrOld;
        uint action = (uint)XdpAction.Pass;

        nh.Position = data;

        ethType = ParsingHelpers.ParseEthernetHeader(ref nh, dataEnd, out eth);
        if (ethType == Net.Htons(EtherType.IPv4))
        {
            ipType = ParsingHelpers.ParseIPv4Header(ref nh, dataEnd, out iphdr);
            if (ipType != IpProtocol.Icmp)
            {
                goto Out;
            }
        }
        else if (ethType == Net.Htons(EtherType.IPv6))
        {
            ipType = ParsingHelpers.ParseIPv6Header(ref nh, dataEnd, out ipv6hdr);
            if (ipType != IpProtocol.IcmpV6)
            {
                goto Out;
            }
        }
        else
        {
            goto Out;
        }

        icmpType = ParsingHelpers.ParseIcmpCommonHeader(ref nh, dataEnd, out icmphdr);
        if (ethType == Net.Htons(EtherType.IPv4) && icmpType == IcmpEcho)
        {
            RewriteHelpers.SwapSourceDestinationIPv4(iphdr);
            echoReply = IcmpEchoReply;
        }
        else if (ethType == Net.Htons(EtherType.IPv6) && icmpType == IcmpV6EchoRequest)
        {
            RewriteHelpers.SwapSourceDestinationIPv6(ipv6hdr);
            echoReply = IcmpV6EchoReply;
        }
        else
        {
            goto Out;
        }

        RewriteHelpers.SwapSourceDestinationMac(eth);

        // Only the type changes; the old header with a zero checksum seeds the difference.
        oldCsum = icmphdr->Checksum;
        icmphdr->Checksum = 0;
        icmphdrOld = *icmphdr;
        icmphdr->Type = (byte)echoReply;
        icmphdr->Checksum = IcmpChecksumDiff((ushort)~oldCsum, icmphdr, &icmphdrOld);

        action = (uint)XdpAction.Tx;

    Out:
        return (XdpAction)XdpStats.RecordAction(XdpStatsMap, ctx, action);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ushort CsumFoldHelper(uint csum)
    {
        uint sum;

        sum = (csum >> 16) + (csum & 0xffff);
        sum += sum >> 16;
        return (ushort)~sum;
    }

    // The new checksum from the old header, the new one and the old checksum as seed; the sizes
    // are whole 32-bit words, as bpf_csum_diff wants.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ushort IcmpChecksumDiff(ushort seed, IcmpCommonHeader* icmphdrNew, IcmpCommonHeader* icmphdrOld)
    {
        uint csum, size = (uint)sizeof(IcmpCommonHeader);

        csum = (uint)Bpf.CsumDiff(icmphdrOld, size, icmphdrNew, size, seed);
        return CsumFoldHelper(csum);
    }
}
