using System.Runtime.CompilerServices;

namespace TraitsBpf.Ports;

/// <summary>
/// Port of c/xdp_stats.h: per-action packet and byte counts. In C the header brings its map into
/// every program that includes it; here each program declares its own map and passes it in.
/// </summary>
public static unsafe class XdpStats
{
    /// <summary>One more than the highest XDP action (XDP_REDIRECT).</summary>
    public const uint XdpActionMax = (uint)XdpAction.Redirect + 1;

    /// <summary>Counts the packet under <paramref name="action"/> and returns it (XDP_ABORTED for an unknown action).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint RecordAction(PerCpuArrayMap<DataRecord> xdpStatsMap, XdpContext ctx, uint action)
    {
        if (action >= XdpActionMax)
        {
            return (uint)XdpAction.Aborted;
        }

        DataRecord* rec = xdpStatsMap.Lookup(action);
        if (rec == null)
        {
            return (uint)XdpAction.Aborted;
        }

        // Per-CPU values: softirq context needs no atomics.
        rec->RxPackets++;
        rec->RxBytes += (ulong)(ctx.DataEnd - ctx.Data);
        return action;
    }
}
