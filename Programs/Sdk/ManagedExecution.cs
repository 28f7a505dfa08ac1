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

    // bpf_redirect_map's choice, kept per CPU by the kernel (bpf_redirect_info) until the program has returned.
    [ThreadStatic]
    private static (RedirectTargetMap Map, uint Key)? redirect;

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

    [ThreadStatic]
    private static SynCookieJar? synCookies;

    /// <summary>
    /// The kernel's SYN cookie state for the SYN cookie helpers in managed execution on this thread
    /// (<see cref="XdpContext.GenerateSynCookie(IPv4Header*, TcpHeader*, int)"/> and the others): the kernel makes
    /// cookies with a secret drawn at random at boot, which no test can know, so a test supplies a
    /// <see cref="SynCookieJar"/> with a secret of its own; unset, those helpers throw.
    /// </summary>
    public static SynCookieJar? SynCookies
    {
        get => synCookies;
        set => synCookies = value;
    }

    /// <summary><see cref="SynCookies"/>, which a SYN cookie helper needs.</summary>
    /// <exception cref="NotSupportedException"><see cref="SynCookies"/> is not set.</exception>
    internal static SynCookieJar RequireSynCookies() => synCookies
        ?? throw new NotSupportedException("the SYN cookie helpers make cookies with the kernel's secret, which is random per boot and which managed execution does not have: set ManagedExecution.SynCookies to a SynCookieJar");

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

    /// <summary>
    /// Runs an XDP program over <paramref name="ctx"/> and follows the packet as the kernel does after it returns:
    /// when the program redirected it into a <see cref="CpuMap"/>, <see cref="DevMap"/> or <see cref="DevMapHash"/>
    /// slot that holds a program, that program runs on the packet (a CPU map's with <see cref="Cpu"/> the slot's CPU,
    /// a device map's with <see cref="XdpContext.EgressIfindex"/> the slot's interface), and its verdict decides.
    /// A CPUMAP program's own redirect is not followed further.
    /// </summary>
    public static XdpDelivery Deliver(Func<XdpContext, XdpAction> program, XdpContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        redirect = null;
        var action = Run(program, ctx);
        var chosen = redirect;
        redirect = null;
        if (action != XdpAction.Redirect)
        {
            return new XdpDelivery(action, null, Dropped: action is not (XdpAction.Pass or XdpAction.Tx));
        }

        // XDP_REDIRECT without a successful bpf_redirect_map or bpf_redirect: xdp_do_redirect fails and the packet is dropped.
        if (chosen is not { } slot)
        {
            return new XdpDelivery(action, null, Dropped: ctx.RedirectedTo is null);
        }

        if (slot.Map is ProgramSlotMap withPrograms && withPrograms.RunSlotProgram(slot.Key, ctx) is { } slotAction)
        {
            return new XdpDelivery(action, slotAction, withPrograms.Drops(slotAction));
        }

        return new XdpDelivery(action, null, Dropped: false);
    }

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

    /// <summary>Remembers bpf_redirect_map's slot for <see cref="Deliver"/>.</summary>
    internal static void RememberRedirect(RedirectTargetMap map, uint key) => redirect = (map, key);

    /// <summary>Forgets it: bpf_redirect_map found the slot empty, or bpf_redirect chose an interface instead.</summary>
    internal static void ForgetRedirect() => redirect = null;

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
