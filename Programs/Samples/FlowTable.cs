using System.Runtime.InteropServices;

namespace TraitsBpf.Samples;

/// <summary>
/// Keeps per-flow packet and byte counts and the TCP flags seen, keyed by the IPv4 5-tuple, in an
/// LRU hash map so that old flows make room for new ones. Passes everything.
/// </summary>
public static class FlowTable
{
    /// <summary>Flows tracked at most.</summary>
    public const int MaxFlows = 4096;

    /// <summary>The flows.</summary>
    public static readonly LruHashMap<FlowKey, FlowStats> Flows = new(MaxFlows);

    /// <summary>The XDP program.</summary>
    [Xdp("flow_table")]
    public static unsafe XdpAction Run(XdpContext ctx)
    {
        EthernetHeader* eth = ctx.Header<EthernetHeader>(0);
        if (eth == null || eth->EtherType != Net.Htons(EtherType.IPv4))
        {
            return XdpAction.Pass;
        }

        IPv4Header* ip = ctx.Header<IPv4Header>(sizeof(EthernetHeader));
        if (ip == null || ip->HeaderLength < sizeof(IPv4Header))
        {
            return XdpAction.Pass;
        }

        var key = new FlowKey { Source = ip->Source, Destination = ip->Destination, Protocol = ip->Protocol };
        uint flags = 0;
        int l4 = sizeof(EthernetHeader) + ip->HeaderLength;
        if (ip->Protocol == IpProtocol.Tcp)
        {
            TcpHeader* tcp = ctx.Header<TcpHeader>(l4);
            if (tcp == null)
            {
                return XdpAction.Pass;
            }

            key.SourcePort = tcp->SourcePort;
            key.DestinationPort = tcp->DestinationPort;
            flags = tcp->Flags;
        }
        else if (ip->Protocol == IpProtocol.Udp)
        {
            UdpHeader* udp = ctx.Header<UdpHeader>(l4);
            if (udp == null)
            {
                return XdpAction.Pass;
            }

            key.SourcePort = udp->SourcePort;
            key.DestinationPort = udp->DestinationPort;
        }

        ulong length = (ulong)(ctx.DataEnd - ctx.Data);
        FlowStats* stats = Flows.Lookup(key);
        if (stats == null)
        {
            var fresh = new FlowStats { Packets = 1, Bytes = length, TcpFlags = flags };
            Flows.Update(key, fresh, MapUpdate.NoExist);
            return XdpAction.Pass;
        }

        Interlocked.Increment(ref stats->Packets);
        Interlocked.Add(ref stats->Bytes, length);
        Interlocked.Or(ref stats->TcpFlags, flags);
        return XdpAction.Pass;
    }

    /// <summary>A flow's 5-tuple, addresses and ports in network byte order; 16 bytes with explicit padding so every byte of the key is set.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct FlowKey
    {
        /// <summary>Source address.</summary>
        public uint Source;

        /// <summary>Destination address.</summary>
        public uint Destination;

        /// <summary>Source port (0 for protocols without ports).</summary>
        public ushort SourcePort;

        /// <summary>Destination port.</summary>
        public ushort DestinationPort;

        /// <summary>IP protocol.</summary>
        public byte Protocol;

        /// <summary>Padding, always zero.</summary>
        public byte Pad1;

        /// <summary>Padding, always zero.</summary>
        public ushort Pad2;
    }

    /// <summary>What is known about a flow.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct FlowStats
    {
        /// <summary>Packets seen.</summary>
        public ulong Packets;

        /// <summary>Bytes seen (Ethernet frames).</summary>
        public ulong Bytes;

        /// <summary>TCP flags seen, ORed together.</summary>
        public uint TcpFlags;

        /// <summary>Padding, always zero.</summary>
        public uint Pad;
    }
}
