using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader.Attach;

/// <summary>cls_bpf filters on the clsact qdisc through libbpf's bpf_tc_* calls.</summary>
internal static unsafe class TcHook
{
    /// <summary>Creates the clsact qdisc if absent; true when this call created it.</summary>
    public static bool EnsureQdisc(int ifindex, string iface)
    {
        var hook = Hook(ifindex, BpfTcHook.Ingress);
        var rc = Native.bpf_tc_hook_create(&hook);
        if (rc == -Errno.EEXIST)
            return false;
        if (rc < 0)
            throw Failure(rc, $"creating the clsact qdisc on {iface}");
        return true;
    }

    /// <summary>Adds a filter running <paramref name="programFd"/>; returns the handle and priority the kernel chose.</summary>
    public static (uint Handle, uint Priority) Attach(int ifindex, AttachHook direction, int programFd, string iface)
    {
        var hook = Hook(ifindex, AttachPoint(direction));
        var opts = new BpfTcOpts { sz = (nuint)sizeof(BpfTcOpts), prog_fd = programFd };
        var rc = Native.bpf_tc_attach(&hook, &opts);
        if (rc < 0)
            throw Failure(rc, $"attaching the TC filter to {iface}");
        return (opts.handle, opts.priority);
    }

    /// <summary>Swaps the program of an existing filter in one step.</summary>
    public static void Replace(int ifindex, AttachHook direction, uint handle, uint priority, int programFd, string iface)
    {
        var hook = Hook(ifindex, AttachPoint(direction));
        var opts = new BpfTcOpts { sz = (nuint)sizeof(BpfTcOpts), prog_fd = programFd, handle = handle, priority = priority, flags = BpfTcOpts.FlagReplace };
        var rc = Native.bpf_tc_attach(&hook, &opts);
        if (rc < 0)
            throw Failure(rc, $"replacing the TC filter on {iface}");
    }

    /// <summary>The id of the program in the filter at handle/priority, or 0 when there is no such filter.</summary>
    public static uint ProgramId(int ifindex, AttachHook direction, uint handle, uint priority)
    {
        var hook = Hook(ifindex, AttachPoint(direction));
        var opts = new BpfTcOpts { sz = (nuint)sizeof(BpfTcOpts), handle = handle, priority = priority };
        return Native.bpf_tc_query(&hook, &opts) == 0 ? opts.prog_id : 0;
    }

    /// <summary>Deletes the filter at handle/priority.</summary>
    public static void Detach(int ifindex, AttachHook direction, uint handle, uint priority, string iface)
    {
        var hook = Hook(ifindex, AttachPoint(direction));
        var opts = new BpfTcOpts { sz = (nuint)sizeof(BpfTcOpts), handle = handle, priority = priority };
        var rc = Native.bpf_tc_detach(&hook, &opts);
        if (rc < 0 && rc != -Errno.ENOENT)
            throw Failure(rc, $"removing the TC filter from {iface}");
    }

    /// <summary>True when any filter (ours or another tool's) is on either clsact hook.</summary>
    public static bool HasFilters(int ifindex) =>
        TcFilterDump.Count(ifindex, TcFilterDump.IngressParent) > 0 || TcFilterDump.Count(ifindex, TcFilterDump.EgressParent) > 0;

    /// <summary>Deletes the clsact qdisc, but only when no filter at all is left on it.</summary>
    public static bool RemoveQdiscIfEmpty(int ifindex, string iface)
    {
        if (HasFilters(ifindex))
            return false;
        var hook = Hook(ifindex, BpfTcHook.Ingress | BpfTcHook.Egress);
        var rc = Native.bpf_tc_hook_destroy(&hook);
        if (rc < 0 && rc != -Errno.ENOENT && rc != -Errno.EINVAL)
            throw Failure(rc, $"removing the clsact qdisc from {iface}");
        return true;
    }

    private static BpfTcHook Hook(int ifindex, int attachPoint) =>
        new() { sz = (nuint)sizeof(BpfTcHook), ifindex = ifindex, attach_point = attachPoint };

    private static int AttachPoint(AttachHook direction) => direction == AttachHook.TcIngress ? BpfTcHook.Ingress : BpfTcHook.Egress;

    private static LoaderException Failure(int rc, string action) => -rc switch
    {
        Errno.EPERM or Errno.EACCES => new LoaderException(LoaderErrorKind.PermissionDenied, $"{action} was refused: it needs CAP_NET_ADMIN") { Errno = -rc },
        Errno.ENODEV => new LoaderException(LoaderErrorKind.InterfaceNotFound, $"{action} failed: the interface disappeared") { Errno = -rc },
        Errno.EEXIST => new LoaderException(LoaderErrorKind.AlreadyAttached, $"{action} failed: a filter already exists there") { Errno = -rc },
        _ => new LoaderException(LoaderErrorKind.Failed, $"{action} failed: {Errno.Describe(rc)}") { Errno = -rc },
    };
}
