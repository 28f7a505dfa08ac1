using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace TraitsBpf.Programs.Tests.Features;

/// <summary>
/// Loops over spans, each writing what it computed into the packet so that comparing the
/// kernel's output with managed execution checks it: <c>for</c> up to <c>Length</c> and
/// <c>foreach</c> over the stack, the packet, a map value and constant tables; loops short enough
/// to be unrolled (the index becomes a constant) and one long enough to stay a loop (the exit
/// test bounds the index), with <c>break</c>, an index one behind the counter and wider elements.
/// </summary>
public static unsafe class SpanLoopPrograms
{
    /// <summary>The shortest packet the programs change; shorter ones pass untouched.</summary>
    public const int MinimumLength = 160;

    private static readonly ArrayMap<Window> Windows = new(1);

    private static ReadOnlySpan<byte> Weights => [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3];

    private static ReadOnlySpan<ushort> Ports => [22, 53, 80, 443, 8080, 8443, 3306, 5432];

    [Xdp("feat_span_loops_stack")]
    public static XdpAction Stack(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + MinimumLength > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        var packet = new Span<byte>(p, MinimumLength);

        // Eight trips: unrolled, each index a constant.
        Span<byte> small = stackalloc byte[8];
        packet.Slice(16, 8).CopyTo(small);
        uint sum = 0;
        for (int i = 0; i < small.Length; i++)
        {
            sum += small[i];
            small[i] ^= (byte)i;
        }

        // Sixty-four trips: kept as a loop; the exit test bounds the index for the verifier too.
        Span<byte> large = stackalloc byte[64];
        packet.Slice(24, 64).CopyTo(large);
        uint checksum = 0;
        for (int i = 0; i < large.Length; i++)
        {
            checksum = (checksum << 1 | checksum >> 31) ^ large[i];
        }

        // An index one behind the counter, and a loop that breaks early.
        int rises = 0;
        for (int i = 1; i < small.Length; i++)
        {
            if (small[i] > small[i - 1])
            {
                rises++;
            }
        }

        int firstZero = -1;
        for (int i = 0; i < large.Length; i++)
        {
            if (large[i] == 0)
            {
                firstZero = i;
                break;
            }
        }

        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(100, 4), sum);
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(104, 4), checksum);
        small.CopyTo(packet.Slice(108, 8));
        packet[116] = (byte)rises;
        packet[117] = (byte)firstZero;
        return (checksum & 1) == 0 ? XdpAction.Tx : XdpAction.Drop;
    }

    [Xdp("feat_span_loops_packet")]
    public static XdpAction Packet(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + MinimumLength > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        // foreach over a packet span of constant length: unrolled, each offset a constant.
        var header = new ReadOnlySpan<byte>(p, 12);
        uint ones = 0;
        byte all = 0;
        foreach (byte b in header)
        {
            ones += b & 1u;
            all |= b;
        }

        // A loop that writes through a packet span, element by element, reading one two ahead.
        var tail = new Span<byte>(p + 120, 8);
        for (int i = 0; i < tail.Length; i++)
        {
            tail[i] = (byte)(header[i + 2] + i);
        }

        p[100] = (byte)ones;
        p[101] = all;
        return ones > 6 ? XdpAction.Drop : XdpAction.Tx;
    }

    [Xdp("feat_span_loops_tables")]
    public static XdpAction Tables(XdpContext ctx)
    {
        byte* p = ctx.Data;
        Window* window = Windows.Lookup(0);
        if (window == null || p + MinimumLength > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        var packet = new Span<byte>(p, MinimumLength);

        // A weighted sum over a .rodata table, and a search of a table of wider elements.
        Span<byte> head = stackalloc byte[16];
        packet[..16].CopyTo(head);
        uint weighted = 0;
        for (int i = 0; i < Weights.Length; i++)
        {
            weighted += (uint)(Weights[i] * head[i]);
        }

        ushort port = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(20, 2));
        int found = -1;
        int n = 0;
        foreach (ushort known in Ports)
        {
            if (known == (port & 0x1FFF))
            {
                found = n;
            }

            n++;
        }

        // A map value filled from the packet, then read back by a loop over a span of it.
        var bytes = new Span<byte>(window, sizeof(Window));
        packet.Slice(32, sizeof(Window)).CopyTo(bytes);
        uint total = 0;
        foreach (byte b in bytes)
        {
            total += b;
        }

        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(100, 4), weighted);
        packet[104] = (byte)found;
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(105, 4), total);
        return found >= 0 ? XdpAction.Drop : XdpAction.Tx;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Window
    {
        public ulong First;
        public ulong Second;
        public ulong Third;
        public uint Fourth;
    }
}
