namespace TraitsBpf.Loader.Attach;

/// <summary>An interface and a hook on it, or (for <see cref="AttachHook.Trace"/>) a kernel function or tracepoint, or (for <see cref="AttachHook.Cgroup"/>) a cgroup v2 directory.</summary>
/// <param name="Interface">The network interface name, in the caller's network namespace; for a tracing program its section (<c>kprobe/ip_rcv</c>), empty until the program is chosen; for a cgroup the directory's absolute path.</param>
/// <param name="Hook">XDP, TC ingress or TC egress.</param>
/// <param name="XdpMode">For <see cref="AttachHook.Xdp"/>: native or generic.</param>
public sealed record AttachTarget(string Interface, AttachHook Hook, XdpMode XdpMode = XdpMode.Native)
{
    /// <summary>The hook as written in names and listings: <c>xdp</c>, <c>tc-ingress</c>, <c>tc-egress</c>.</summary>
    public string HookName => NameOf(Hook);

    /// <summary>
    /// For XDP, when the hook is shared through libxdp's dispatcher: the program's run priority there (lower runs
    /// first; null is libxdp's default, 50). A program that takes a free hook alone has no priority.
    /// </summary>
    public uint? XdpPriority { get; init; }

    /// <summary>For TC through tcx links: where the program goes among the hook's programs; null puts it last.</summary>
    public TcxPlacement? TcxPlacement { get; init; }

    /// <summary>Whether a program of <paramref name="type"/> can be attached at <see cref="Hook"/>.</summary>
    public bool Accepts(BpfProgramType type) => Hook switch
    {
        AttachHook.Xdp => type == BpfProgramType.Xdp,
        AttachHook.Trace => type is BpfProgramType.Tracing or BpfProgramType.Kprobe or BpfProgramType.RawTracepoint,
        AttachHook.Cgroup => type is BpfProgramType.CgroupSockAddr or BpfProgramType.CgroupSkb,
        _ => type is BpfProgramType.SchedCls or BpfProgramType.SchedAct,
    };

    /// <summary>A tracing program's target, before the program (and so its section) is chosen.</summary>
    public static AttachTarget Tracing { get; } = new("", AttachHook.Trace);

    /// <summary>Whether this target is a kernel function or tracepoint rather than an interface.</summary>
    public bool IsTracing => Hook == AttachHook.Trace;

    /// <summary>For <see cref="AttachHook.Cgroup"/>: the hook (<c>sendmsg4</c>, <c>skb_ingress</c>, ...), from the program's section; null until the program is chosen.</summary>
    public string? CgroupHook { get; init; }

    /// <summary>Whether this target is a cgroup v2 directory rather than an interface.</summary>
    public bool IsCgroup => Hook == AttachHook.Cgroup;

    /// <summary>Whether the hook is not on a network interface, so that no interface index or namespace places it.</summary>
    public bool IsHostWide => Hook is AttachHook.Trace or AttachHook.Cgroup;

    /// <summary>A cgroup v2 directory as a target, before the program (and so its socket-address hook) is chosen.</summary>
    public static AttachTarget ForCgroup(string path) => new(CgroupHooks.Canonical(path), AttachHook.Cgroup);

    /// <summary>A record's hook as listings print it: <see cref="NameOf(AttachHook)"/>, or for a cgroup its section, <c>cgroup/sendmsg4</c>.</summary>
    public static string NameOf(AttachmentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Hook == AttachHook.Cgroup ? CgroupHooks.SectionOf(record.CgroupHook) : NameOf(record.Hook);
    }

    /// <summary>A hook as written in names and listings: <c>xdp</c>, <c>tc-ingress</c>, <c>tc-egress</c>.</summary>
    public static string NameOf(AttachHook hook) => hook switch
    {
        AttachHook.Xdp => "xdp",
        AttachHook.TcIngress => "tc-ingress",
        AttachHook.Trace => "trace",
        AttachHook.Cgroup => "cgroup",
        _ => "tc-egress",
    };
}
