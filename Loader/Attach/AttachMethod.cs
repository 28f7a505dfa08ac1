namespace TraitsBpf.Loader.Attach;

/// <summary>The kernel mechanism that holds an attachment, which decides how it is replaced and removed.</summary>
public enum AttachMethod
{
    /// <summary>An XDP bpf_link, pinned; detached by <c>bpf_link_detach</c>. Used whenever the kernel has XDP links (5.9+).</summary>
    XdpLink,

    /// <summary>XDP set over netlink (<c>bpf_xdp_attach</c>); the fallback for kernels without XDP links.</summary>
    XdpNetlink,

    /// <summary>A cls_bpf filter on the clsact qdisc, set over netlink (<c>bpf_tc_attach</c>); the fallback for kernels without tcx.</summary>
    TcFilter,

    /// <summary>A tcx link (<c>BPF_LINK_CREATE</c> with BPF_TCX_INGRESS/EGRESS), pinned; used for TC whenever the kernel has tcx (6.6+).</summary>
    TcxLink,

    /// <summary>
    /// A tracing link (BPF_RAW_TRACEPOINT_OPEN for tp_btf, raw_tp, fentry and fexit; a BPF_PERF_EVENT link over a
    /// kprobe event for kprobes), pinned; such links cannot be detached or updated, so removing the last pin ends it.
    /// </summary>
    TracingLink,

    /// <summary>
    /// A member of libxdp's XDP dispatcher (xdp-loader and every libxdp user share an XDP hook through it): the program is
    /// an extension of a dispatcher slot, and libxdp pins it and its link under /sys/fs/bpf/xdp/. Used when another tool's
    /// dispatcher already holds the hook.
    /// </summary>
    XdpDispatcher,

    /// <summary>
    /// A cgroup link (<c>BPF_LINK_CREATE</c> with the cgroup directory's descriptor and the program's socket-address
    /// attach type, BPF_CGROUP_UDP4_SENDMSG ...), pinned; it runs beside other programs on the cgroup's hook.
    /// </summary>
    CgroupLink,
}
