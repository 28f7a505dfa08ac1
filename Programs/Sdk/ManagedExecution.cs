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
