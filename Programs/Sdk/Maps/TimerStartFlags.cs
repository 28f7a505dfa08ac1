namespace TraitsBpf;

/// <summary>bpf_timer_start's flags.</summary>
[Flags]
public enum TimerStartFlags : ulong
{
    /// <summary>The time is relative: nanoseconds from now.</summary>
    None = 0,

    /// <summary>BPF_F_TIMER_ABS: the time is absolute, on the timer's clock.</summary>
    Absolute = 1,

    /// <summary>BPF_F_TIMER_CPU_PIN: the timer fires on the CPU that started it.</summary>
    PinToCpu = 2,
}
