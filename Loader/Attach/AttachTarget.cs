namespace TraitsBpf.Loader.Attach;

/// <summary>An interface and a hook on it, or (for <see cref="AttachHook.Trace"/>) a kernel function or tracepoint.</summary>
/// <param name="Interface">The network interface name, in the caller's network namespace; for a tracing program its section (<c>kprobe/ip_rcv</c>), empty until the program is chosen.</param>
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
        _ => type is BpfProgramType.SchedCls or BpfProgramType.SchedAct,
    };

    /// <summary>A tracing program's target, before the program (and so its section) is chosen.</summary>
    public static AttachTarget Tracing { get; } = new("", AttachHook.Trace);

    /// <summary>Whether this target is a kernel function or tracepoint rather than an interface.</summary>
    public bool IsTracing => Hook == AttachHook.Trace;

    /// <summary>A hook as written in names and listings: <c>xdp</c>, <c>tc-ingress</c>, <c>tc-egress</c>.</summary>
    public static string NameOf(AttachHook hook) => hook switch
    {
        AttachHook.Xdp => "xdp",
        AttachHook.TcIngress => "tc-ingress",
        AttachHook.Trace => "trace",
        _ => "tc-egress",
    };
}
