namespace TraitsBpf;

/// <summary>The clock a <see cref="BpfTimer"/> counts on (bpf_timer_init's flags: a clockid the kernel accepts for timers).</summary>
public enum TimerClock : ulong
{
    /// <summary>CLOCK_REALTIME.</summary>
    Realtime = 0,

    /// <summary>CLOCK_MONOTONIC, what <see cref="Bpf.KtimeGetNs"/> reads.</summary>
    Monotonic = 1,

    /// <summary>CLOCK_BOOTTIME, monotonic with suspend included.</summary>
    Boottime = 7,
}
