namespace TraitsBpf;

/// <summary>The clock of a time given to <see cref="TcContext.SetTimestamp"/> (the <c>BPF_SKB_CLOCK_*</c> values, Linux 6.11+).</summary>
public enum TimestampClock : uint
{
    /// <summary>BPF_SKB_CLOCK_REALTIME: a receive time on the real-time clock (0 clears the timestamp).</summary>
    Realtime = 0,

    /// <summary>BPF_SKB_CLOCK_MONOTONIC: a delivery time on the monotonic clock (<c>Bpf.KtimeGetNs</c>), e.g. for the fq qdisc's pacing.</summary>
    Monotonic = 1,

    /// <summary>BPF_SKB_CLOCK_TAI: a delivery time on the TAI clock (<c>bpf_ktime_get_tai_ns</c>).</summary>
    Tai = 2,
}
