namespace TraitsBpf.Samples;

/// <summary>
/// Counts packets and bytes per protocol family (IPv4, IPv6, ARP, other) in a per-CPU array,
/// and every packet in a shared array with atomic adds; passes everything.
/// </summary>
public static class PacketCounter
{
    /// <summary>Index of IPv4 in <see cref="Packets"/> and <see cref="Bytes"/>.</summary>
    public const uint IPv4 = 0;

    /// <summary>Index of IPv6.</summary>
    public const uint IPv6 = 1;

    /// <summary>Index of ARP.</summary>
    public const uint Arp = 2;

    /// <summary>Index of everything else.</summary>
    public const uint Other = 3;

    /// <summary>Packets per family, per CPU.</summary>
    public static readonly PerCpuArrayMap<ulong> Packets = new(maxEntries: 4);

    /// <summary>Bytes per family, across CPUs.</summary>
    public static readonly ArrayMap<ulong> Bytes = new(maxEntries: 4);

    /// <summary>The XDP program.</summary>
    [Xdp("xdp_counter")]
    public static unsafe XdpAction Run(XdpContext ctx)
    {
        uint family = Other;
        EthernetHeader* eth = ctx.Header<EthernetHeader>(0);
        if (eth != null)
        {
            ushort type = Net.Ntohs(eth->EtherType);
            family = type == EtherType.IPv4 ? IPv4 : type == EtherType.IPv6 ? IPv6 : type == EtherType.Arp ? Arp : Other;
        }

        ulong* packets = Packets.Lookup(family);
        if (packets != null)
        {
            *packets += 1;
        }

        ulong* bytes = Bytes.Lookup(family);
        if (bytes != null)
        {
            Interlocked.Add(ref *(long*)bytes, ctx.DataEnd - ctx.Data);
        }

        return XdpAction.Pass;
    }
}
