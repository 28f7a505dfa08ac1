namespace TraitsBpf.Samples;

/// <summary>
/// Counts what arrives: packets, bytes, IPv4 UDP and ICMP in a shared array with atomic adds,
/// and packets per protocol family in a per-CPU array (no atomics needed). Passes everything.
/// It is the program <c>./build.sh demo</c> attaches.
/// </summary>
public static class PacketCounter
{
    /// <summary>Index of all packets in <see cref="Counters"/>.</summary>
    public const uint AllPackets = 0;

    /// <summary>Index of all bytes.</summary>
    public const uint AllBytes = 1;

    /// <summary>Index of IPv4 UDP packets.</summary>
    public const uint Udp4 = 2;

    /// <summary>Index of IPv4 ICMP packets.</summary>
    public const uint Icmp4 = 3;

    /// <summary>Index of IPv4 in <see cref="Families"/>.</summary>
    public const uint IPv4 = 0;

    /// <summary>Index of IPv6.</summary>
    public const uint IPv6 = 1;

    /// <summary>Index of ARP.</summary>
    public const uint Arp = 2;

    /// <summary>Index of everything else.</summary>
    public const uint Other = 3;

    /// <summary>Packets, bytes, IPv4 UDP packets and IPv4 ICMP packets, across CPUs.</summary>
    public static readonly ArrayMap<ulong> Counters = new(maxEntries: 4);

    /// <summary>Packets per protocol family, per CPU.</summary>
    public static readonly PerCpuArrayMap<ulong> Families = new(maxEntries: 4);

    /// <summary>The XDP program.</summary>
    [Xdp("xdp_counter")]
    public static unsafe XdpAction Run(XdpContext ctx)
    {
        Add(AllPackets, 1);
        Add(AllBytes, (ulong)(ctx.DataEnd - ctx.Data));
        uint family = Other;
        EthernetHeader* eth = ctx.Header<EthernetHeader>(0);
        if (eth != null)
        {
            ushort type = Net.Ntohs(eth->EtherType);
            family = type == EtherType.IPv4 ? IPv4 : type == EtherType.IPv6 ? IPv6 : type == EtherType.Arp ? Arp : Other;
            if (family == IPv4)
            {
                IPv4Header* ip = ctx.Header<IPv4Header>(sizeof(EthernetHeader));
                if (ip != null && ip->Protocol == IpProtocol.Udp)
                {
                    Add(Udp4, 1);
                }
                else if (ip != null && ip->Protocol == IpProtocol.Icmp)
                {
                    Add(Icmp4, 1);
                }
            }
        }

        ulong* packets = Families.Lookup(family);
        if (packets != null)
        {
            *packets += 1;
        }

        return XdpAction.Pass;
    }

    private static unsafe void Add(uint index, ulong amount)
    {
        ulong* counter = Counters.Lookup(index);
        if (counter != null)
        {
            Interlocked.Add(ref *counter, amount);
        }
    }
}
