namespace TraitsBpf.Traits.Tests.LoaderSide;

/// <summary>
/// The tagger and reader of <c>traitsbpf trace</c>'s tests: UDP datagrams to <see cref="DeliveredPort"/> or
/// <see cref="ClosedPort"/>, and TCP segments to <see cref="StreamPort"/>, start with their number n (big-endian u32), and XDP sets the named trait <c>trace_id</c>
/// to <see cref="Marker"/> + n, a value no other test's packets carry; a TC reader touches every packet's traits
/// (under the stash backend, the move into the stash).
/// </summary>
public static unsafe class TracePrograms
{
    /// <summary>The port a socket reads: its datagrams are delivered and consumed.</summary>
    public const ushort DeliveredPort = 9999;

    /// <summary>A port nobody listens on: its datagrams are dropped (no socket).</summary>
    public const ushort ClosedPort = 9998;

    /// <summary>A TCP port a socket reads: its segments are delivered through skb_copy_datagram_iovec, which UDP's reads of linear datagrams skip.</summary>
    public const ushort StreamPort = 9997;

    /// <summary>Added to each datagram's number to make its trace_id.</summary>
    public const ulong Marker = 0x5452414300000000;

    private const int EthernetSize = 14;
    private const int PortOffset = EthernetSize + 20 + 2;
    private const int UdpPayloadOffset = EthernetSize + 20 + 8;
    private const int TcpPayloadOffset = EthernetSize + 20 + 20;

    /// <summary>Datagrams numbered from here on are a flood, and also get trait <c>trace_flood</c> = 1.</summary>
    public const uint FloodBase = 1000;

    private static readonly Trait<ulong> TraceId = new("trace_id");

    // Lets a trace select the flood alone: traces are host-wide, and other tests' packets carry traits too.
    private static readonly Trait<uint> TraceFlood = new("trace_flood");

    /// <summary>Packets the reader saw with their trace_id.</summary>
    public static readonly ArrayMap<ulong> Read = new(maxEntries: 1);

    [Xdp("trace_tag")]
    public static XdpAction Tag(XdpContext ctx)
    {
        byte* data = ctx.Data;
        byte* end = ctx.DataEnd;
        if (!Number(data, end, out uint number))
        {
            return XdpAction.Pass;
        }

        if (ctx.Traits.Set(TraceId, Marker + number) != 0 || (number >= FloodBase && ctx.Traits.Set(TraceFlood, 1u) != 0))
        {
            return XdpAction.Aborted;
        }

        return XdpAction.Pass;
    }

    [Tc("trace_read", TcDirection.Ingress)]
    public static TcAction Reader(TcContext ctx)
    {
        if (ctx.Traits.TryGet(TraceId, out ulong _))
        {
            ulong* count = Read.Lookup(0);
            if (count != null)
            {
                Interlocked.Increment(ref *count);
            }
        }

        return TcAction.Ok;
    }

    /// <summary>The number at the start of a UDP datagram to either port, or of a TCP segment to <see cref="StreamPort"/> with a 20-byte header.</summary>
    private static bool Number(byte* data, byte* end, out uint number)
    {
        number = 0;
        if (data + UdpPayloadOffset + 4 <= end && IsUdp(data))
        {
            return ReadNumber(data + UdpPayloadOffset, out number);
        }

        if (data + TcpPayloadOffset + 4 <= end && IsStream(data))
        {
            return ReadNumber(data + TcpPayloadOffset, out number);
        }

        return false;
    }

    /// <summary>IPv4 (no options) TCP to <see cref="StreamPort"/> with a 20-byte header (the sender turns timestamps off).</summary>
    private static bool IsStream(byte* data) =>
        data[12] == 0x08 && data[13] == 0x00 && data[EthernetSize] == 0x45 && data[EthernetSize + 9] == 6
        && data[PortOffset] == (byte)(StreamPort >> 8) && data[PortOffset + 1] == (StreamPort & 0xFF)
        && data[EthernetSize + 20 + 12] == 0x50;

    private static bool IsUdp(byte* data) =>
        data[12] == 0x08 && data[13] == 0x00 && data[EthernetSize] == 0x45 && data[EthernetSize + 9] == 17
        && data[PortOffset] == (byte)(DeliveredPort >> 8)
        && (data[PortOffset + 1] == (DeliveredPort & 0xFF) || data[PortOffset + 1] == (ClosedPort & 0xFF));

    private static bool ReadNumber(byte* payload, out uint number)
    {
        number = (uint)payload[0] << 24 | (uint)payload[1] << 16 | (uint)payload[2] << 8 | payload[3];
        return true;
    }
}
