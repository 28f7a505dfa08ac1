using System.Runtime.InteropServices;

namespace TraitsBpf.Samples;

/// <summary>
/// Reports every TCP connection attempt (SYN without ACK) over IPv4 arriving at TC ingress to
/// user space as an event in a ring buffer, with the arrival time and interface.
/// </summary>
public static class SynExporter
{
    /// <summary>The events.</summary>
    public static readonly RingBuffer Events = new(sizeBytes: 64 * 1024);

    /// <summary>Events that did not fit in the buffer.</summary>
    public static readonly ArrayMap<ulong> Lost = new(maxEntries: 1);

    /// <summary>The TC program; it never drops.</summary>
    [Tc("syn_exporter", TcDirection.Ingress)]
    public static unsafe TcAction Run(TcContext ctx)
    {
        EthernetHeader* eth = ctx.Header<EthernetHeader>(0);
        if (eth == null || eth->EtherType != Net.Htons(EtherType.IPv4))
        {
            return TcAction.Ok;
        }

        IPv4Header* ip = ctx.Header<IPv4Header>(sizeof(EthernetHeader));
        if (ip == null || ip->Protocol != IpProtocol.Tcp || ip->HeaderLength < sizeof(IPv4Header))
        {
            return TcAction.Ok;
        }

        TcpHeader* tcp = ctx.Header<TcpHeader>(sizeof(EthernetHeader) + ip->HeaderLength);
        if (tcp == null || (tcp->Flags & 0x12) != 0x02)
        {
            return TcAction.Ok;
        }

        SynEvent* e = Events.Reserve<SynEvent>();
        if (e == null)
        {
            ulong* lost = Lost.Lookup(0);
            if (lost != null)
            {
                Interlocked.Increment(ref *lost);
            }

            return TcAction.Ok;
        }

        e->Source = ip->Source;
        e->Destination = ip->Destination;
        e->SourcePort = Net.Ntohs(tcp->SourcePort);
        e->DestinationPort = Net.Ntohs(tcp->DestinationPort);
        e->Ifindex = ctx.IngressIfindex;
        e->Window = Net.Ntohs(tcp->Window);
        e->TimestampNs = Bpf.KtimeGetNs();
        RingBuffer.Submit(e);
        return TcAction.Ok;
    }

    /// <summary>One connection attempt; addresses in network byte order, ports in host order.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SynEvent
    {
        /// <summary>Source address.</summary>
        public uint Source;

        /// <summary>Destination address.</summary>
        public uint Destination;

        /// <summary>Source port.</summary>
        public ushort SourcePort;

        /// <summary>Destination port.</summary>
        public ushort DestinationPort;

        /// <summary>The interface it arrived on.</summary>
        public uint Ifindex;

        /// <summary>The advertised window.</summary>
        public ushort Window;

        /// <summary>Padding, always zero.</summary>
        public ushort Pad1;

        /// <summary>Padding, always zero.</summary>
        public uint Pad2;

        /// <summary>Arrival time (kernel monotonic clock).</summary>
        public ulong TimestampNs;
    }
}
