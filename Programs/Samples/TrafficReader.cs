using System.Runtime.InteropServices;

namespace TraitsBpf.Samples;

/// <summary>
/// Reads at TC ingress the traits <see cref="TrafficTagger"/> set at XDP: counts packets per
/// traffic class, and reports each packet's id and how long it took from XDP to TC to user space
/// through a ring buffer. Packets that arrive without traits are counted apart: with both
/// programs on one interface, that count stays zero.
/// </summary>
public static class TrafficReader
{
    /// <summary>Packets per traffic class (0–15).</summary>
    public static readonly ArrayMap<ulong> PerClass = new(maxEntries: 16);

    /// <summary>[0] packets with traits, [1] packets without.</summary>
    public static readonly ArrayMap<ulong> Seen = new(maxEntries: 2);

    /// <summary>One event per packet with traits.</summary>
    public static readonly RingBuffer Latencies = new(sizeBytes: 256 * 1024);

    /// <summary>The TC program; it never drops.</summary>
    [Tc("reader", TcDirection.Ingress)]
    public static unsafe TcAction Run(TcContext ctx)
    {
        if (!ctx.Traits.TryGet(DemoTraits.PacketId, out ulong id))
        {
            Count(Seen, 1);
            return TcAction.Ok;
        }

        Count(Seen, 0);
        ctx.Traits.TryGet(DemoTraits.TrafficClass, out uint trafficClass);
        Count(PerClass, trafficClass & 15);
        if (ctx.Traits.TryGet(DemoTraits.ReceivedNs, out ulong received))
        {
            var e = new LatencyEvent { PacketId = id, LatencyNs = Bpf.KtimeGetNs() - received, TrafficClass = trafficClass };
            Latencies.Output(e);
        }

        return TcAction.Ok;
    }

    private static unsafe void Count(ArrayMap<ulong> map, uint index)
    {
        ulong* counter = map.Lookup(index);
        if (counter != null)
        {
            Interlocked.Increment(ref *counter);
        }
    }

    /// <summary>What the reader reports per packet.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct LatencyEvent
    {
        /// <summary>The packet's id from the tagger.</summary>
        public ulong PacketId;

        /// <summary>Nanoseconds from the tagger at XDP to the reader at TC.</summary>
        public ulong LatencyNs;

        /// <summary>The packet's traffic class.</summary>
        public uint TrafficClass;

        /// <summary>Always zero.</summary>
        public uint Pad;
    }
}
