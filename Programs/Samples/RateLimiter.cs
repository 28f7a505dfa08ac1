using System.Runtime.InteropServices;

namespace TraitsBpf.Samples;

/// <summary>
/// Limits each IPv4 source to a packet budget per time window, with a token bucket per source.
/// The budget and window are .rodata constants: one compiled object serves every configuration,
/// set at load time with <c>traitsbpf load --set PacketsPerWindow=500</c>. Over-budget packets
/// are dropped and counted.
/// </summary>
public static class RateLimiter
{
    /// <summary>Packets a source may send per window.</summary>
    public static readonly uint PacketsPerWindow = 100;

    /// <summary>The window length in nanoseconds.</summary>
    public static readonly ulong WindowNs = 1_000_000_000;

    /// <summary>Token buckets per source address.</summary>
    public static readonly LruHashMap<uint, Bucket> Buckets = new(maxEntries: 16384);

    /// <summary>[0] packets passed, [1] packets dropped.</summary>
    public static readonly PerCpuArrayMap<ulong> Verdicts = new(maxEntries: 2);

    /// <summary>The XDP program.</summary>
    [Xdp("rate_limiter")]
    public static unsafe XdpAction Run(XdpContext ctx)
    {
        EthernetHeader* eth = ctx.Header<EthernetHeader>(0);
        if (eth == null || eth->EtherType != Net.Htons(EtherType.IPv4))
        {
            return XdpAction.Pass;
        }

        IPv4Header* ip = ctx.Header<IPv4Header>(sizeof(EthernetHeader));
        if (ip == null)
        {
            return XdpAction.Pass;
        }

        ulong now = Bpf.KtimeGetNs();
        uint source = ip->Source;
        Bucket* bucket = Buckets.Lookup(source);
        if (bucket == null)
        {
            var fresh = new Bucket { Tokens = PacketsPerWindow - 1, RefilledNs = now };
            Buckets.Update(source, fresh);
            return Count(0, XdpAction.Pass);
        }

        if (now - bucket->RefilledNs >= WindowNs)
        {
            bucket->Tokens = PacketsPerWindow;
            bucket->RefilledNs = now;
        }

        if (bucket->Tokens == 0)
        {
            return Count(1, XdpAction.Drop);
        }

        bucket->Tokens--;
        return Count(0, XdpAction.Pass);
    }

    private static unsafe XdpAction Count(uint verdict, XdpAction action)
    {
        ulong* counter = Verdicts.Lookup(verdict);
        if (counter != null)
        {
            *counter += 1;
        }

        return action;
    }

    /// <summary>A source's bucket.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Bucket
    {
        /// <summary>Packets left in this window.</summary>
        public uint Tokens;

        /// <summary>Padding, always zero.</summary>
        public uint Pad;

        /// <summary>When the bucket was last filled (kernel monotonic time).</summary>
        public ulong RefilledNs;
    }
}
