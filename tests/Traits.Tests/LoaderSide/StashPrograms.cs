namespace TraitsBpf.Traits.Tests.LoaderSide;

/// <summary>
/// Programs for the stash backend's end-to-end tests, with per-packet sequence numbers: the sender's
/// UDP datagrams to port <see cref="Port"/> start with their sequence number (big-endian u32); XDP
/// tags each with a value derived from it, and every reader checks the value it finds against the
/// packet it finds it on, so a trait read on the wrong packet counts as wrong, not as carried.
/// </summary>
public static unsafe class StashPrograms
{
    /// <summary>The integer key of the tag.</summary>
    public const int Key = 9;

    /// <summary>The UDP port the numbered datagrams go to.</summary>
    public const ushort Port = 9999;

    /// <summary>The tag of packet n is <c>Marker ^ n</c>.</summary>
    public const ulong Marker = 0x5354415348000000;

    /// <summary>The tag <see cref="Rewrite"/> gives packet n is <c>Rewritten ^ n</c>.</summary>
    public const ulong Rewritten = 0x5245575249540000;

    private const ushort VxlanPort = 4789;
    private const int EthernetSize = 14;
    private const int UdpPortOffset = EthernetSize + 20 + 2;
    private const int PayloadOffset = EthernetSize + 20 + 8;
    private const int VxlanInnerOffset = PayloadOffset + 8;

    /// <summary>[0]: numbered packets read with their own tag, [1]: without a tag, [2]: with another value (a wrong trait).</summary>
    public static readonly ArrayMap<ulong> Seen = new(maxEntries: 3);

    [Xdp("stash_tag")]
    public static XdpAction Tag(XdpContext ctx)
    {
        if (Sequence(ctx.Data, ctx.DataEnd, 0, out uint sequence) && ctx.Traits.Set(Key, Marker ^ sequence) != 0)
        {
            return XdpAction.Aborted;
        }

        return XdpAction.Pass;
    }

    /// <summary>
    /// Tags the even-numbered packets at TC (no XDP involved: the first set makes the sk_buff's entry)
    /// and leaves the odd ones untagged: an odd packet that reads a tag got another sk_buff's.
    /// </summary>
    [Tc("stash_mark_even", TcDirection.Egress)]
    public static TcAction MarkEven(TcContext ctx)
    {
        if (Sequence(ctx.Data, ctx.DataEnd, 0, out uint sequence) && (sequence & 1) == 0)
        {
            ctx.Traits.Set(Key, Marker ^ sequence);
        }

        return TcAction.Ok;
    }

    /// <summary>
    /// Sets, reads and deletes on one packet, each result a bit of the action code (127 when all
    /// are as the trait ABI says): managed execution and the kernel must return the same code.
    /// </summary>
    [Tc("stash_roundtrip", TcDirection.Ingress)]
    public static TcAction RoundTrip(TcContext ctx)
    {
        int code = 0;
        code |= ctx.Traits.Set(3, 0x1122334455667788UL) == 0 ? 1 : 0;
        code |= ctx.Traits.Set(5, 7u, TraitFlags.NoExist) == 0 ? 2 : 0;
        code |= ctx.Traits.Set(5, 8u, TraitFlags.NoExist) == -Errno.EEXIST ? 4 : 0;
        code |= ctx.Traits.TryGet(3, out ulong wide) && wide == 0x1122334455667788UL ? 8 : 0;
        code |= ctx.Traits.Delete(3) == 0 ? 16 : 0;
        code |= !ctx.Traits.TryGet(3, out ulong _) ? 32 : 0;
        code |= ctx.Traits.TryGet(5, out uint narrow) && narrow == 7 ? 64 : 0;
        return (TcAction)code;
    }

    /// <summary>[0]: numbered datagrams a cgroup skb program read with their own tag, [1]: without a tag, [2]: with another value.</summary>
    public static readonly ArrayMap<ulong> CgroupSeen = new(maxEntries: 3);

    /// <summary>
    /// Tags the numbered datagrams the cgroup's sockets send, at cgroup skb egress (stash backend: the sk_buff's first
    /// set makes its entry), with the value <see cref="Tag"/> gives at XDP.
    /// </summary>
    [CgroupSkb("stash_cg_tag", CgroupSkbDirection.Egress)]
    public static CgroupSkbVerdict CgroupTag(CgroupSkbContext ctx)
    {
        if (L3Sequence(ctx.Data, ctx.DataEnd, out uint sequence))
        {
            ctx.Traits.Set(Key, Marker ^ sequence);
        }

        return CgroupSkbVerdict.Allow;
    }

    /// <summary>Reads the tag of each numbered datagram delivered to the cgroup's sockets and counts as <see cref="Count"/> does.</summary>
    [CgroupSkb("stash_cg_count", CgroupSkbDirection.Ingress)]
    public static CgroupSkbVerdict CgroupCount(CgroupSkbContext ctx)
    {
        if (L3Sequence(ctx.Data, ctx.DataEnd, out uint sequence))
        {
            uint slot = !ctx.Traits.TryGet(Key, out ulong value) ? 1u : value == (Marker ^ sequence) ? 0u : 2u;
            ulong* count = CgroupSeen.Lookup(slot);
            if (count != null)
            {
                Interlocked.Increment(ref *count);
            }
        }

        return CgroupSkbVerdict.Allow;
    }

    /// <summary>[0]: numbered datagrams a socket filter read with their own tag, [1]: without a tag, [2]: with another value.</summary>
    public static readonly ArrayMap<ulong> SocketSeen = new(maxEntries: 3);

    /// <summary>
    /// A socket filter on the receiving UDP socket: it sees the datagram from its UDP header on, so the sequence number
    /// is at byte 8; it reads the tag (read only) and counts as <see cref="Count"/> does, keeping every datagram.
    /// </summary>
    [SocketFilter("stash_socket_count")]
    public static uint SocketCount(SocketContext ctx)
    {
        uint sequence = 0;
        if (ctx.LoadBytes(8, &sequence, sizeof(uint)) != 0)
        {
            return ctx.Length;
        }

        sequence = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(sequence);
        uint slot = !ctx.Traits.TryGet(Key, out ulong value) ? 1u : value == (Marker ^ sequence) ? 0u : 2u;
        ulong* count = SocketSeen.Lookup(slot);
        if (count != null)
        {
            Interlocked.Increment(ref *count);
        }

        return ctx.Length;
    }

    [Tc("stash_count", TcDirection.Ingress)]
    public static TcAction Count(TcContext ctx)
    {
        CountOwnTag(ctx);
        return TcAction.Ok;
    }

    /// <summary>
    /// Counts as <see cref="Count"/> does, then lets the packet go on to what follows the tcx programs (TC_ACT_UNSPEC),
    /// such as a <c>tc mirred</c> action in a clsact filter, which a tcx program's TC_ACT_OK would skip.
    /// </summary>
    [Tc("stash_count_next", TcDirection.Ingress)]
    public static TcAction CountThenNext(TcContext ctx)
    {
        CountOwnTag(ctx);
        return TcAction.Unspec;
    }

    /// <summary>
    /// Replaces the tag of a numbered packet that carries its own with <c>Rewritten ^ n</c>, then lets the next program
    /// run: on a clone, the write must change the clone's traits and never its original's.
    /// </summary>
    [Tc("stash_rewrite", TcDirection.Ingress)]
    public static TcAction Rewrite(TcContext ctx)
    {
        if (Sequence(ctx.Data, ctx.DataEnd, 0, out uint sequence) && ctx.Traits.TryGet(Key, out ulong value) && value == (Marker ^ sequence))
        {
            ctx.Traits.Set(Key, Rewritten ^ sequence);
        }

        return TcAction.Unspec;
    }

    /// <summary>Counts as <see cref="Count"/> does, where a packet's own tag is the one <see cref="Rewrite"/> gave it.</summary>
    [Tc("stash_count_rewritten", TcDirection.Ingress)]
    public static TcAction CountRewritten(TcContext ctx)
    {
        if (Sequence(ctx.Data, ctx.DataEnd, 0, out uint sequence))
        {
            uint slot = !ctx.Traits.TryGet(Key, out ulong value) ? 1u : value == (Rewritten ^ sequence) ? 0u : 2u;
            ulong* count = Seen.Lookup(slot);
            if (count != null)
            {
                Interlocked.Increment(ref *count);
            }
        }

        return TcAction.Ok;
    }

    /// <summary>Reads the tag of a numbered packet (plain or inside VXLAN) and counts it in <see cref="Seen"/>.</summary>
    private static void CountOwnTag(TcContext ctx)
    {
        byte* data = ctx.Data;
        byte* end = ctx.DataEnd;
        bool numbered = Sequence(data, end, 0, out uint sequence);
        if (!numbered && IsUdpTo(data, end, 0, VxlanPort))
        {
            numbered = Sequence(data, end, VxlanInnerOffset, out sequence);
        }

        if (!numbered)
        {
            return;
        }

        uint slot = !ctx.Traits.TryGet(Key, out ulong value) ? 1u : value == (Marker ^ sequence) ? 0u : 2u;
        ulong* count = Seen.Lookup(slot);
        if (count != null)
        {
            Interlocked.Increment(ref *count);
        }
    }

    /// <summary>The sequence number of a numbered IPv4 UDP datagram whose Ethernet header starts <paramref name="at"/> bytes into the packet.</summary>
    private static bool Sequence(byte* data, byte* end, int at, out uint sequence)
    {
        sequence = 0;
        byte* payload = data + at + PayloadOffset;
        if (!IsUdpTo(data, end, at, Port) || payload + 4 > end)
        {
            return false;
        }

        sequence = (uint)payload[0] << 24 | (uint)payload[1] << 16 | (uint)payload[2] << 8 | payload[3];
        return true;
    }

    /// <summary>The sequence number of an IPv4 (no options) UDP datagram to <see cref="Port"/> seen from its IP header on, as cgroup skb programs see packets.</summary>
    private static bool L3Sequence(byte* ip, byte* end, out uint sequence)
    {
        sequence = 0;
        const int Payload = 20 + 8;
        if (ip + Payload + 4 > end || ip[0] != 0x45 || ip[9] != 17 || ip[22] != (byte)(Port >> 8) || ip[23] != (byte)(Port & 0xFF))
        {
            return false;
        }

        sequence = (uint)ip[Payload] << 24 | (uint)ip[Payload + 1] << 16 | (uint)ip[Payload + 2] << 8 | ip[Payload + 3];
        return true;
    }

    /// <summary>Whether the frame at <paramref name="at"/> is IPv4 (no options) UDP to <paramref name="port"/>.</summary>
    private static bool IsUdpTo(byte* data, byte* end, int at, ushort port)
    {
        byte* frame = data + at;
        if (frame + PayloadOffset > end)
        {
            return false;
        }

        return frame[12] == 0x08 && frame[13] == 0x00 && frame[EthernetSize] == 0x45 && frame[EthernetSize + 9] == 17
            && frame[UdpPortOffset] == (byte)(port >> 8) && frame[UdpPortOffset + 1] == (byte)port;
    }
}
