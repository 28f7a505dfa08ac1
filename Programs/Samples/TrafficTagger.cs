using System.Runtime.InteropServices;

namespace TraitsBpf.Samples;

/// <summary>
/// Tags every IPv4 packet at XDP with traits: a packet id, the time it arrived, and a traffic
/// class looked up by protocol and destination port in a map user space fills (with defaults by
/// protocol when there is no entry). <see cref="TrafficReader"/> reads them at TC ingress.
/// </summary>
public static class TrafficTagger
{
    /// <summary>Class of traffic without a rule: UDP.</summary>
    public const uint Udp = 1;

    /// <summary>Class of TCP without a rule.</summary>
    public const uint Tcp = 2;

    /// <summary>Class of ICMP.</summary>
    public const uint Icmp = 3;

    /// <summary>Class of everything else.</summary>
    public const uint Other = 0;

    /// <summary>Classes by protocol and destination port.</summary>
    public static readonly HashMap<ClassRule, uint> Rules = new(maxEntries: 1024);

    /// <summary>[0] the next packet id.</summary>
    public static readonly ArrayMap<ulong> NextId = new(maxEntries: 1);

    /// <summary>[0] packets tagged, [1] packets whose traits did not fit.</summary>
    public static readonly ArrayMap<ulong> Tagged = new(maxEntries: 2);

    /// <summary>The XDP program.</summary>
    [Xdp("tagger")]
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

        var rule = new ClassRule { Protocol = ip->Protocol };
        uint trafficClass = ip->Protocol == IpProtocol.Udp ? Udp : ip->Protocol == IpProtocol.Tcp ? Tcp : ip->Protocol == IpProtocol.Icmp ? Icmp : Other;
        UdpHeader* ports = ctx.Header<UdpHeader>(sizeof(EthernetHeader) + ip->HeaderLength);
        if (ports != null && ip->Protocol is IpProtocol.Udp or IpProtocol.Tcp)
        {
            rule.DestinationPort = Net.Ntohs(ports->DestinationPort);
        }

        uint* ruled = Rules.Lookup(rule);
        if (ruled != null)
        {
            trafficClass = *ruled;
        }

        ulong* next = NextId.Lookup(0);
        ulong id = next == null ? 0 : (ulong)Interlocked.Increment(ref *(long*)next);
        ulong now = Bpf.KtimeGetNs();
        int failed = ctx.Traits.Set(DemoTraits.PacketId, id) | ctx.Traits.Set(DemoTraits.ReceivedNs, now) | ctx.Traits.Set(DemoTraits.TrafficClass, trafficClass);
        ulong* counter = Tagged.Lookup(failed == 0 ? 0u : 1u);
        if (counter != null)
        {
            Interlocked.Increment(ref *counter);
        }

        return XdpAction.Pass;
    }

    /// <summary>A classification rule's key: protocol and destination port (host order), 4 bytes, no padding.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ClassRule
    {
        /// <summary>IP protocol.</summary>
        public byte Protocol;

        /// <summary>Always zero.</summary>
        public byte Pad;

        /// <summary>Destination port, host order (0 for protocols without ports).</summary>
        public ushort DestinationPort;
    }
}
