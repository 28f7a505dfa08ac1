namespace TraitsBpf.Loader;

/// <summary>BPF program types, with the kernel's <c>enum bpf_prog_type</c> values.</summary>
public enum BpfProgramType
{
    /// <summary><c>BPF_PROG_TYPE_UNSPEC</c>.</summary>
    Unspecified = 0,

    /// <summary><c>BPF_PROG_TYPE_SOCKET_FILTER</c>.</summary>
    SocketFilter = 1,

    /// <summary><c>BPF_PROG_TYPE_KPROBE</c>.</summary>
    Kprobe = 2,

    /// <summary><c>BPF_PROG_TYPE_SCHED_CLS</c>: TC classifier (clsact ingress/egress).</summary>
    SchedCls = 3,

    /// <summary><c>BPF_PROG_TYPE_SCHED_ACT</c>: TC action.</summary>
    SchedAct = 4,

    /// <summary><c>BPF_PROG_TYPE_TRACEPOINT</c>.</summary>
    Tracepoint = 5,

    /// <summary><c>BPF_PROG_TYPE_XDP</c>.</summary>
    Xdp = 6,

    /// <summary><c>BPF_PROG_TYPE_CGROUP_SKB</c>.</summary>
    CgroupSkb = 8,

    /// <summary><c>BPF_PROG_TYPE_LWT_IN</c>.</summary>
    LwtIn = 10,

    /// <summary><c>BPF_PROG_TYPE_LWT_OUT</c>.</summary>
    LwtOut = 11,

    /// <summary><c>BPF_PROG_TYPE_LWT_XMIT</c>.</summary>
    LwtXmit = 12,

    /// <summary><c>BPF_PROG_TYPE_SK_SKB</c>.</summary>
    SkSkb = 14,

    /// <summary><c>BPF_PROG_TYPE_RAW_TRACEPOINT</c>.</summary>
    RawTracepoint = 17,

    /// <summary><c>BPF_PROG_TYPE_CGROUP_SOCK_ADDR</c>.</summary>
    CgroupSockAddr = 18,

    /// <summary><c>BPF_PROG_TYPE_FLOW_DISSECTOR</c>.</summary>
    FlowDissector = 22,

    /// <summary><c>BPF_PROG_TYPE_TRACING</c>.</summary>
    Tracing = 26,

    /// <summary><c>BPF_PROG_TYPE_SYSCALL</c>.</summary>
    Syscall = 31,
}
