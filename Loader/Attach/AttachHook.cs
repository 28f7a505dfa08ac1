namespace TraitsBpf.Loader.Attach;

/// <summary>Where on an interface a program is attached, or (tracing, cgroup) where else.</summary>
public enum AttachHook
{
    /// <summary>The XDP hook in the driver (native) or in the generic receive path (generic).</summary>
    Xdp,

    /// <summary>TC clsact ingress.</summary>
    TcIngress,

    /// <summary>TC clsact egress.</summary>
    TcEgress,

    /// <summary>
    /// A kernel function or tracepoint, host-wide (tp_btf, raw_tp, kprobe, kretprobe, fentry, fexit); the target's
    /// <see cref="AttachTarget.Interface"/> is then the program's section, e.g. <c>tp_btf/consume_skb</c>.
    /// </summary>
    Trace,

    /// <summary>
    /// A cgroup v2 directory, host-wide; the target's <see cref="AttachTarget.Interface"/> is then the directory's path
    /// and <see cref="AttachTarget.CgroupHook"/> the socket-address hook the program's section names (<c>sendmsg4</c>, ...).
    /// </summary>
    Cgroup,
}
