namespace TraitsBpf;

/// <summary>
/// Runs programs as ordinary .NET code the way the kernel would: a tail call ends the caller and
/// its target's result is the result.
/// </summary>
public static class ManagedExecution
{
    /// <summary>How many CPUs managed per-CPU maps keep a value for (CPUs 0 to 63).</summary>
    public const int MaxCpus = 64;

    [ThreadStatic]
    private static int cpu;

    /// <summary>
    /// The CPU programs run on in managed execution on this thread: what
    /// <see cref="Bpf.GetSmpProcessorId"/> returns and whose copy per-CPU maps read and write.
    /// 0 unless a test sets it (0 to <see cref="MaxCpus"/> - 1), to model packets arriving on several CPUs.
    /// </summary>
    public static int Cpu
    {
        get => cpu;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(value, MaxCpus);
            cpu = value;
        }
    }

    /// <summary>Runs an XDP program over <paramref name="ctx"/>.</summary>
    public static XdpAction Run(Func<XdpContext, XdpAction> program, XdpContext ctx)
    {
        try
        {
            return program(ctx);
        }
        catch (TailCallException jump)
        {
            return (XdpAction)jump.Result;
        }
    }

    /// <summary>Runs a TC program over <paramref name="ctx"/>.</summary>
    public static TcAction Run(Func<TcContext, TcAction> program, TcContext ctx)
    {
        try
        {
            return program(ctx);
        }
        catch (TailCallException jump)
        {
            return (TcAction)jump.Result;
        }
    }

    /// <summary>
    /// Runs a cgroup socket-address program over <paramref name="ctx"/>; the address the program rewrote is
    /// then in <paramref name="ctx"/>, as the kernel would use it.
    /// </summary>
    public static SockAddrVerdict Run(Func<SockAddrContext, SockAddrVerdict> program, SockAddrContext ctx)
    {
        try
        {
            return program(ctx);
        }
        catch (TailCallException jump)
        {
            return (SockAddrVerdict)jump.Result;
        }
    }
}
