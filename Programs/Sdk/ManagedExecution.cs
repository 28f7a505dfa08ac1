namespace TraitsBpf;

/// <summary>
/// Runs programs as ordinary .NET code the way the kernel would: a tail call ends the caller and
/// its target's result is the result, and a classic packet load past the packet ends the program returning 0.
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

    [ThreadStatic]
    private static CgroupMembership? currentCgroup;

    /// <summary>
    /// The cgroup of the task programs run in on this thread, for <see cref="Bpf.GetCurrentCgroupId"/> and the other
    /// helpers that read the running task's cgroup: the kernel's answer depends on the process that sends the packet
    /// or calls the test run, which managed execution cannot know, so a test states it; unset, those helpers throw.
    /// </summary>
    public static CgroupMembership? CurrentCgroup
    {
        get => currentCgroup;
        set => currentCgroup = value;
    }

    [ThreadStatic]
    private static PidNamespaceView? currentPidNamespace;

    /// <summary>
    /// The running task as its pid namespace sees it on this thread, for <see cref="Bpf.GetNsCurrentPidTgid"/>: the kernel
    /// answers for the task that runs the program, which managed execution cannot know, so a test states it; unset, the
    /// helper throws.
    /// </summary>
    public static PidNamespaceView? CurrentPidNamespace
    {
        get => currentPidNamespace;
        set => currentPidNamespace = value;
    }

    private static int possibleCpus = MaxCpus;

    /// <summary>
    /// How many CPUs the simulated machine has (the kernel's nr_cpu_ids, 1 to <see cref="MaxCpus"/>): a per-CPU map's
    /// <c>LookupOnCpu</c> of a CPU at or past it finds nothing, as bpf_map_lookup_percpu_elem. <see cref="MaxCpus"/>
    /// unless a test sets it to the kernel's count.
    /// </summary>
    public static int PossibleCpus
    {
        get => possibleCpus;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxCpus);
            possibleCpus = value;
        }
    }

    /// <summary>Runs an XDP program over <paramref name="ctx"/>.</summary>
    public static XdpAction Run(Func<XdpContext, XdpAction> program, XdpContext ctx) =>
        Complete(program, ctx, result => (XdpAction)result);

    /// <summary>Runs a TC program over <paramref name="ctx"/>; a classic load past the packet ends it returning 0, as in the kernel.</summary>
    public static TcAction Run(Func<TcContext, TcAction> program, TcContext ctx) =>
        Complete(program, ctx, result => (TcAction)result);

    /// <summary>
    /// Runs a socket filter over <paramref name="ctx"/>: the bytes of the packet to keep, 0 to drop; a classic
    /// load past the packet ends it returning 0, as in the kernel.
    /// </summary>
    public static uint Run(Func<SocketContext, uint> program, SocketContext ctx) =>
        Complete(program, ctx, result => (uint)result);

    /// <summary>
    /// Runs a cgroup socket-address program over <paramref name="ctx"/>; the address the program rewrote is
    /// then in <paramref name="ctx"/>, as the kernel would use it.
    /// </summary>
    public static SockAddrVerdict Run(Func<SockAddrContext, SockAddrVerdict> program, SockAddrContext ctx) =>
        Complete(program, ctx, result => (SockAddrVerdict)result);

    /// <summary>Runs a cgroup skb program over <paramref name="ctx"/>: its verdict on the packet.</summary>
    public static CgroupSkbVerdict Run(Func<CgroupSkbContext, CgroupSkbVerdict> program, CgroupSkbContext ctx) =>
        Complete(program, ctx, result => (CgroupSkbVerdict)result);

    /// <summary>
    /// Lets <paramref name="nanoseconds"/> pass for <see cref="BpfTimer"/>s: the <see cref="Bpf.KtimeGetNs"/> clock moves
    /// on, and every armed timer whose time it reaches fires, earliest first, calling its callback with its element's
    /// key and value (a callback may start its timer again, and fires again in the same call when that time is reached
    /// too). Returns the callbacks run. The kernel's timers fire on its own clock; managed execution has none that
    /// runs by itself, so a test says how much time passed.
    /// </summary>
    public static int RunTimers(ulong nanoseconds) => ManagedTimers.Run(nanoseconds);

    /// <summary>The program's result, or the result the kernel gives when the program ends early.</summary>
    private static TResult Complete<TContext, TResult>(Func<TContext, TResult> program, TContext ctx, Func<int, TResult> fromKernelResult)
    {
        try
        {
            return program(ctx);
        }
        catch (TailCallException jump)
        {
            return fromKernelResult(jump.Result);
        }
        catch (PacketLoadExitException)
        {
            return fromKernelResult(0);
        }
    }
}
