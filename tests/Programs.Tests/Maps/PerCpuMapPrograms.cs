using System.Runtime.InteropServices;

namespace TraitsBpf.Programs.Tests.Maps;

/// <summary>Per-CPU hash map counters, keyed by the first byte of the packet.</summary>
public static unsafe class PerCpuMapPrograms
{
    /// <summary>Packets and bytes per key, in the running CPU's copy.</summary>
    public static readonly PerCpuHashMap<uint, Tally> Tallies = new(16);

    /// <summary>Packets per key, in the running CPU's copy; the least recently used key goes when full.</summary>
    public static readonly LruPerCpuHashMap<uint, ulong> Recent = new(256);

    /// <summary>
    /// Counts the packet under key <c>data[0] &amp; 7</c> in both maps, deletes the key from both
    /// when <c>data[1]</c> is 0xFF, and writes the CPU it ran on into <c>data[2]</c>.
    /// </summary>
    [Xdp("m_percpu_hash")]
    public static XdpAction Count(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 3 > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        uint key = data[0] & 7u;
        data[2] = (byte)Bpf.GetSmpProcessorId();
        if (data[1] == 0xFF)
        {
            int deleted = Tallies.Delete(key) + Recent.Delete(key);
            return deleted == 0 ? XdpAction.Drop : XdpAction.Pass;
        }

        Tally* tally = Tallies.Lookup(key);
        if (tally == null)
        {
            Tally first = new() { Packets = 1, Bytes = (ulong)(ctx.DataEnd - data) };
            Tallies.Update(key, first, MapUpdate.NoExist);
        }
        else
        {
            tally->Packets++;
            tally->Bytes += (ulong)(ctx.DataEnd - data);
        }

        ulong* seen = Recent.Lookup(key);
        ulong next = seen == null ? 1 : *seen + 1;
        return Recent.Update(key, next) == 0 ? XdpAction.Pass : XdpAction.Aborted;
    }

    /// <summary>Packets per key in the running CPU's copy, for <see cref="ReadOtherCpu"/>.</summary>
    public static readonly PerCpuArrayMap<ulong> ArrayCounts = new(8);

    /// <summary>The same count in a per-CPU hash map.</summary>
    public static readonly PerCpuHashMap<uint, ulong> HashCounts = new(8);

    /// <summary>
    /// Counts the packet under key <c>data[0] &amp; 7</c> in the running CPU's copy of both maps, then reads CPU
    /// <c>data[1]</c>'s copies (bpf_map_lookup_percpu_elem): their low bytes go to <c>data[2]</c> and <c>data[3]</c>,
    /// 0xEE where there is none (no element on that CPU yet, or no such CPU). The array's element on that CPU is
    /// incremented through the pointer when <c>data[4]</c> is 1, so writes reach the other CPU's copy.
    /// </summary>
    [Xdp("m_percpu_on_cpu")]
    public static XdpAction ReadOtherCpu(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 5 > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        uint key = data[0] & 7u;
        uint cpu = data[1];
        ulong* own = ArrayCounts.Lookup(key);
        if (own != null)
        {
            (*own)++;
        }

        ulong* hashed = HashCounts.Lookup(key);
        ulong next = hashed == null ? 1 : *hashed + 1;
        HashCounts.Update(key, next);

        ulong* inArray = ArrayCounts.LookupOnCpu(key, cpu);
        data[2] = inArray == null ? (byte)0xEE : (byte)*inArray;
        if (inArray != null && data[4] == 1)
        {
            (*inArray)++;
        }

        ulong* inHash = HashCounts.LookupOnCpu(key, cpu);
        data[3] = inHash == null ? (byte)0xEE : (byte)*inHash;
        return XdpAction.Pass;
    }

    /// <summary>A counter pair.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Tally
    {
        /// <summary>Packets counted.</summary>
        public ulong Packets;

        /// <summary>Their bytes.</summary>
        public ulong Bytes;
    }
}
