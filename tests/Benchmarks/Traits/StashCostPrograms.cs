namespace TraitsBpf.Benchmarks.Traits;

/// <summary>
/// The programs of the stash cost benchmark: a tagger at XDP and a reader at TC ingress on the receiving veth,
/// each in two forms that do the same parsing and counting, with traits (a set, a get) and without, so that the
/// kernel's per-program run times give what traits add per packet under real traffic.
/// </summary>
public static unsafe class StashCostPrograms
{
    /// <summary>The integer key of the tag.</summary>
    public const int Key = 11;

    /// <summary>The UDP port the flood goes to.</summary>
    public const ushort Port = 9977;

    private const int UdpSourcePort = 14 + 20;
    private const int UdpDestinationPort = UdpSourcePort + 2;

    /// <summary>[0]: flood datagrams the reader saw with a tag, [1]: without.</summary>
    public static readonly ArrayMap<ulong> Read = new(2);

    /// <summary>[0]: flood datagrams the taggers saw.</summary>
    public static readonly ArrayMap<ulong> Tagged = new(1);

    /// <summary>Counts a flood datagram and tags it with its count.</summary>
    [Xdp("cost_tag")]
    public static XdpAction Tag(XdpContext ctx)
    {
        ulong* seen = Flood(ctx.Data, ctx.DataEnd) ? Tagged.Lookup(0) : null;
        if (seen != null)
        {
            ctx.Traits.Set(Key, Interlocked.Increment(ref *seen));
        }

        return XdpAction.Pass;
    }

    /// <summary>Counts a flood datagram and tags it with its UDP source port: one value per flow, so GRO may still merge.</summary>
    [Xdp("cost_tag_flow")]
    public static XdpAction TagFlow(XdpContext ctx)
    {
        byte* data = ctx.Data;
        ulong* seen = Flood(data, ctx.DataEnd) ? Tagged.Lookup(0) : null;
        if (seen != null)
        {
            Interlocked.Increment(ref *seen);
            ctx.Traits.Set(Key, (ulong)*(ushort*)(data + UdpSourcePort));
        }

        return XdpAction.Pass;
    }

    /// <summary>Counts a flood datagram: <see cref="Tag"/> without the trait.</summary>
    [Xdp("cost_tag_plain")]
    public static XdpAction TagPlain(XdpContext ctx)
    {
        ulong* seen = Flood(ctx.Data, ctx.DataEnd) ? Tagged.Lookup(0) : null;
        if (seen != null)
        {
            Interlocked.Increment(ref *seen);
        }

        return XdpAction.Pass;
    }

    /// <summary>Counts a flood datagram as tagged or not.</summary>
    [Tc("cost_read", TcDirection.Ingress)]
    public static TcAction Reader(TcContext ctx)
    {
        if (Flood(ctx.Data, ctx.DataEnd))
        {
            Count(ctx.Traits.TryGet(Key, out ulong _) ? 0u : 1u);
        }

        return TcAction.Ok;
    }

    /// <summary>Counts a flood datagram: <see cref="Reader"/> without the trait.</summary>
    [Tc("cost_read_plain", TcDirection.Ingress)]
    public static TcAction ReaderPlain(TcContext ctx)
    {
        if (Flood(ctx.Data, ctx.DataEnd))
        {
            Count(1);
        }

        return TcAction.Ok;
    }

    private static void Count(uint slot)
    {
        ulong* count = Read.Lookup(slot);
        if (count != null)
        {
            Interlocked.Increment(ref *count);
        }
    }

    /// <summary>Whether the frame is an IPv4 UDP datagram (no options) to <see cref="Port"/>.</summary>
    private static bool Flood(byte* data, byte* end) =>
        data + UdpDestinationPort + 2 <= end
        && *(ushort*)(data + 12) == 0x0008
        && data[14] == 0x45
        && data[14 + 9] == 17
        && *(ushort*)(data + UdpDestinationPort) == (ushort)((Port >> 8) | ((Port & 0xFF) << 8));
}
