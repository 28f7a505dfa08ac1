namespace TraitsBpf.Loader.Attach;

/// <summary>An interface and a hook on it.</summary>
/// <param name="Interface">The network interface name, in the caller's network namespace.</param>
/// <param name="Hook">XDP, TC ingress or TC egress.</param>
/// <param name="XdpMode">For <see cref="AttachHook.Xdp"/>: native or generic.</param>
public sealed record AttachTarget(string Interface, AttachHook Hook, XdpMode XdpMode = XdpMode.Native)
{
    /// <summary>The hook as written in names and listings: <c>xdp</c>, <c>tc-ingress</c>, <c>tc-egress</c>.</summary>
    public string HookName => NameOf(Hook);

    /// <summary>Whether a program of <paramref name="type"/> can be attached at <see cref="Hook"/>.</summary>
    public bool Accepts(BpfProgramType type) =>
        Hook == AttachHook.Xdp ? type == BpfProgramType.Xdp : type is BpfProgramType.SchedCls or BpfProgramType.SchedAct;

    /// <summary>A hook as written in names and listings: <c>xdp</c>, <c>tc-ingress</c>, <c>tc-egress</c>.</summary>
    public static string NameOf(AttachHook hook) => hook switch
    {
        AttachHook.Xdp => "xdp",
        AttachHook.TcIngress => "tc-ingress",
        _ => "tc-egress",
    };
}
