using System.Runtime.CompilerServices;

namespace TraitsBpf.Ports;

/// <summary>
/// Port of c/xdp_filter.bpf.c (xdp-tools' xdp-filter, its xdpfilt_alw_all program): user space lists
/// Ethernet addresses, IPv4 and IPv6 addresses and TCP and UDP ports, each with flags saying whether it
/// matches as source or destination (and for ports, over TCP or UDP); a packet that matches any is
/// dropped, the rest pass, and every verdict is counted. Each entry is a per-CPU 64-bit word, the flags
/// in its low bits and the entry's hit count above <see cref="CounterShift"/>; every map is pinned by name.
/// </summary>
public static unsafe class XdpFilter
{
    /// <summary>The entry matches as the packet's source.</summary>
    public const ulong MapFlagSrc = 1 << 0;

    /// <summary>The entry matches as the packet's destination.</summary>
    public const ulong MapFlagDst = 1 << 1;

    /// <summary>The port entry matches over TCP.</summary>
    public const ulong MapFlagTcp = 1 << 2;

    /// <summary>The port entry matches over UDP.</summary>
    public const ulong MapFlagUdp = 1 << 3;

    /// <summary>Hit counts live above the flags.</summary>
    public const int CounterShift = 6;

    // Allow mode: a listed packet is dropped.
    private const uint VerdictHit = (uint)XdpAction.Drop;
    private const uint VerdictMiss = (uint)XdpAction.Pass;

    /// <summary>Ports in network byte order, as they are in the headers (C: <c>filter_ports</c>).</summary>
    [Pinned]
    public static readonly PerCpuArrayMap<ulong> FilterPorts = new(maxEntries: 65536);

    /// <summary>IPv4 addresses in network byte order (C: <c>filter_ipv4</c>).</summary>
    [Pinned]
    public static readonly PerCpuHashMap<uint, ulong> FilterIpv4 = new(maxEntries: 10000);

    /// <summary>IPv6 addresses (C: <c>filter_ipv6</c>).</summary>
    [Pinned]
    public static readonly PerCpuHashMap<In6Address, ulong> FilterIpv6 = new(maxEntries: 10000);

    /// <summary>Ethernet addresses (C: <c>filter_ethernet</c>).</summary>
    [Pinned]
    public static readonly PerCpuHashMap<EthAddr, ulong> FilterEthernet = new(maxEntries: 10000);

    /// <summary>Packets and bytes per verdict, per CPU (C: <c>xdp_stats_map</c>).</summary>
    [Pinned]
    public static readonly PerCpuArrayMap<DataRecord> XdpStatsMap = new(maxEntries: (int)XdpStats.XdpActionMax);

    /// <summary>The XDP program.</summary>
    [Xdp("xdpfilt_alw_all")]
    public static XdpAction XdpfiltAlwAll(XdpContext ctx)
    {
        byte* dataEnd = ctx.DataEnd;
        byte* data = ctx.Data;
        uint action = VerdictMiss; // what a packet nothing matches gets
        HeaderCursor nh;
        EthernetHeader* eth;
        int ethType;

        nh.Position = data;
        ethType = ParsingHelpers.ParseEthernetHeader(ref nh, dataEnd, out eth);
        if (ethType < 0)
        {
            action = (uint)XdpAction.Aborted;
            goto Out;
        }

        if ((action = LookupVerdictEthernet(eth)) != VerdictMiss)
        {
            goto Out;
        }

        IPv4Header* iphdr;
        IPv6Header* ipv6hdr;
        int ipType;
        if (ethType == Net.Htons(EtherType.IPv4))
        {
            ipType = ParsingHelpers.ParseIPv4Header(ref nh, dataEnd, out iphdr);
            if (ipType < 0)
            {
                action = (uint)XdpAction.Aborted;
                goto Out;
            }

            if ((action = LookupVerdictIpv4(iphdr)) != VerdictMiss)
            {
                goto Out;
            }
        }
        else if (ethType == Net.Htons(EtherType.IPv6))
        {
            ipType = ParsingHelpers.ParseIPv6HeaderAndExtensions(ref nh, dataEnd, out ipv6hdr);
            if (ipType < 0)
            {
                action = (uint)XdpAction.Aborted;
                goto Out;
            }

            if ((action = LookupVerdictIpv6(ipv6hdr)) != VerdictMiss)
            {
                goto Out;
            }
        }
        else
        {
            goto Out;
        }

        UdpHeader* udphdr;
        if (ipType == IpProtocol.Udp)
        {
            if (ParsingHelpers.ParseUdpHeader(ref nh, dataEnd, out udphdr) < 0)
            {
                action = (uint)XdpAction.Aborted;
                goto Out;
            }

            if ((action = LookupVerdictUdp(udphdr)) != VerdictMiss)
            {
                goto Out;
            }
        }

        TcpHeader* tcphdr;
        if (ipType == IpProtocol.Tcp)
        {
            if (ParsingHelpers.ParseTcpHeader(ref nh, dataEnd, out tcphdr) < 0)
            {
                action = (uint)XdpAction.Aborted;
                goto Out;
            }

            if ((action = LookupVerdictTcp(tcphdr)) != VerdictMiss)
            {
                goto Out;
            }
        }

    Out:
        return (XdpAction)XdpStats.RecordAction(XdpStatsMap, ctx, action);
    }

    /// <summary>C's CHECK_MAP: an entry whose flags include all of <paramref name="mask"/> counts a hit and decides the packet.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool CheckMap(ulong* value, ulong mask)
    {
        if (value != null && (*value & mask) == mask)
        {
            *value += 1 << CounterShift;
            return true;
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint LookupVerdictTcp(TcpHeader* tcphdr)
    {
        uint key;

        key = tcphdr->DestinationPort;
        if (CheckMap(FilterPorts.Lookup(key), MapFlagDst | MapFlagTcp))
        {
            return VerdictHit;
        }

        key = tcphdr->SourcePort;
        if (CheckMap(FilterPorts.Lookup(key), MapFlagSrc | MapFlagTcp))
        {
            return VerdictHit;
        }

        return VerdictMiss;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint LookupVerdictUdp(UdpHeader* udphdr)
    {
        uint key;

        key = udphdr->DestinationPort;
        if (CheckMap(FilterPorts.Lookup(key), MapFlagDst | MapFlagUdp))
        {
            return VerdictHit;
        }

        key = udphdr->SourcePort;
        if (CheckMap(FilterPorts.Lookup(key), MapFlagSrc | MapFlagUdp))
        {
            return VerdictHit;
        }

        return VerdictMiss;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint LookupVerdictIpv4(IPv4Header* iphdr)
    {
        uint addr;

        addr = iphdr->Destination;
        if (CheckMap(FilterIpv4.Lookup(addr), MapFlagDst))
        {
            return VerdictHit;
        }

        addr = iphdr->Source;
        if (CheckMap(FilterIpv4.Lookup(addr), MapFlagSrc))
        {
            return VerdictHit;
        }

        return VerdictMiss;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint LookupVerdictIpv6(IPv6Header* ipv6hdr)
    {
        In6Address addr;

        addr = *(In6Address*)ipv6hdr->Destination;
        if (CheckMap(FilterIpv6.Lookup(addr), MapFlagDst))
        {
            return VerdictHit;
        }

        addr = *(In6Address*)ipv6hdr->Source;
        if (CheckMap(FilterIpv6.Lookup(addr), MapFlagSrc))
        {
            return VerdictHit;
        }

        return VerdictMiss;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint LookupVerdictEthernet(EthernetHeader* eth)
    {
        EthAddr addr = default;

        Unsafe.CopyBlock(&addr, eth->Destination, (uint)sizeof(EthAddr));
        if (CheckMap(FilterEthernet.Lookup(addr), MapFlagDst))
        {
            return VerdictHit;
        }

        Unsafe.CopyBlock(&addr, eth->Source, (uint)sizeof(EthAddr));
        if (CheckMap(FilterEthernet.Lookup(addr), MapFlagSrc))
        {
            return VerdictHit;
        }

        return VerdictMiss;
    }

    /// <summary>An Ethernet address as a map key (C: <c>struct ethaddr</c>).</summary>
    public struct EthAddr
    {
        /// <summary>The six bytes.</summary>
        public fixed byte Addr[6];
    }
}
