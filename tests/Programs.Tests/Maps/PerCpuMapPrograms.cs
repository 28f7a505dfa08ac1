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
