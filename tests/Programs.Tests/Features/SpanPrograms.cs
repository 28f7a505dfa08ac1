using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TraitsBpf.Programs.Tests.Features;

/// <summary>
/// Spans where a lowering could go subtly wrong, each writing what it saw into the packet so
/// that comparing the kernel's output with managed execution checks it: spans over the packet,
/// the stack and a struct local; slices, masked indexes, copies, fills of bytes and of wider
/// elements; BinaryPrimitives in both byte orders at odd offsets of the packet and the stack;
/// SequenceEqual both ways; constant tables of bytes and of wider integers; spans passed to and
/// returned from inlined methods, and a span that is one of two memories depending on the packet.
/// </summary>
public static unsafe class SpanPrograms
{
    /// <summary>The shortest packet the programs change; shorter ones pass untouched.</summary>
    public const int MinimumLength = 160;

    private static ReadOnlySpan<byte> Squares => [0, 1, 4, 9, 16, 25, 36, 49, 64, 81, 100, 121, 144, 169, 196, 225];

    private static ReadOnlySpan<ushort> Ports => [22, 53, 80, 443, 8080, 8443, 3306, 5432];

    private static ReadOnlySpan<uint> Primes => [2, 3, 5, 7, 11, 13, 17, 0xFFFFFFFB];

    [Xdp("feat_span_memory")]
    public static XdpAction Memory(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + MinimumLength > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        var packet = new Span<byte>(p, MinimumLength);

        // Through the stack: copy in, change a slice, read a masked index, copy out at 64.
        Span<byte> stack = stackalloc byte[32];
        packet[..32].CopyTo(stack);
        stack.Slice(3, 8).Fill(packet[40]);
        stack[12..16].Clear();
        packet[100] = stack[packet[41] & 31];
        stack.CopyTo(packet.Slice(64, 32));

        // Wider elements: a fill of ushorts and a single-element span over a local.
        Span<ushort> words = stackalloc ushort[4];
        words.Fill(BinaryPrimitives.ReadUInt16BigEndian(packet[42..]));
        words[2] = 0x1234;
        uint local = BinaryPrimitives.ReadUInt32LittleEndian(packet.Slice(43, 4));
        var one = new Span<uint>(ref local);
        one[0] += 7;
        BinaryPrimitives.WriteUInt16LittleEndian(packet.Slice(101, 2), words[(packet[47] & 1) + 1]);
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(103, 4), one[0]);

        // A span over a struct local.
        Pair pair = default;
        var pairBytes = MemoryMarshal.CreateSpan(ref Unsafe.As<Pair, byte>(ref pair), sizeof(Pair));
        packet.Slice(48, 8).CopyTo(pairBytes);
        pair.First ^= pair.Second;
        pairBytes.CopyTo(packet.Slice(108, 8));

        // Equal or not, on both sides of one packet.
        packet[116] = packet[..6].SequenceEqual(packet[6..12]) ? (byte)1 : (byte)2;
        packet[117] = (byte)(Tail(packet, 150).Length + Head(packet).Length);
        return XdpAction.Tx;
    }

    [Xdp("feat_span_binary")]
    public static XdpAction Binary(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + MinimumLength > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        var packet = new Span<byte>(p, MinimumLength);
        Span<byte> stack = stackalloc byte[24];
        packet[..24].CopyTo(stack);

        // Every width and sign, both byte orders, at odd offsets of the packet and the stack.
        short a = BinaryPrimitives.ReadInt16BigEndian(packet[1..]);
        ushort b = BinaryPrimitives.ReadUInt16LittleEndian(stack[3..]);
        int c = BinaryPrimitives.ReadInt32BigEndian(stack.Slice(5, 4));
        uint d = BinaryPrimitives.ReadUInt32LittleEndian(packet.Slice(7, 4));
        long e = BinaryPrimitives.ReadInt64BigEndian(stack.Slice(9, 8));
        ulong f = BinaryPrimitives.ReadUInt64LittleEndian(packet.Slice(13, 8));
        BinaryPrimitives.WriteInt32LittleEndian(packet.Slice(100, 4), a);
        BinaryPrimitives.WriteUInt16BigEndian(packet.Slice(105, 2), b);
        BinaryPrimitives.WriteInt32LittleEndian(packet.Slice(107, 4), c);
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(111, 4), d);
        BinaryPrimitives.WriteInt64LittleEndian(packet.Slice(115, 8), e);
        BinaryPrimitives.WriteUInt64BigEndian(packet.Slice(123, 8), f);
        BinaryPrimitives.WriteInt16BigEndian(stack.Slice(1, 2), (short)(a >> 3));
        BinaryPrimitives.WriteInt64BigEndian(stack.Slice(11, 8), e ^ (long)f);
        stack.CopyTo(packet.Slice(131, 24));
        return XdpAction.Tx;
    }

    [Xdp("feat_span_tables")]
    public static XdpAction Tables(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + MinimumLength > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        var packet = new Span<byte>(p, MinimumLength);
        packet[100] = Squares[packet[0] & 15];
        BinaryPrimitives.WriteUInt16BigEndian(packet.Slice(101, 2), Ports[packet[1] & 7]);
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(103, 4), Primes[packet[2] >> 5]);

        // One of two memories: the verifier follows each path with its own pointer type.
        ReadOnlySpan<byte> source = packet[3] > 127 ? packet.Slice(8, 4) : Squares.Slice(4, 4);
        source.CopyTo(packet.Slice(107, 4));
        packet[111] = (byte)(Squares.Length + Ports.Length + Primes.Length);
        return packet[4] < Squares[6] ? XdpAction.Drop : XdpAction.Tx;
    }

    /// <summary>A span handed to an inlined method and one returned from it.</summary>
    private static Span<byte> Tail(Span<byte> span, int start) => span[start..];

    private static ReadOnlySpan<byte> Head(ReadOnlySpan<byte> span) => span[..3];

    [StructLayout(LayoutKind.Sequential)]
    private struct Pair
    {
        public uint First;
        public uint Second;
    }
}
