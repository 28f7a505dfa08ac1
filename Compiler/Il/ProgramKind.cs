namespace TraitsBpf.Compiler.Il;

/// <summary>The BPF program types the SDK's attributes declare.</summary>
public enum ProgramKind
{
    /// <summary><c>[Xdp]</c>: BPF_PROG_TYPE_XDP, section <c>xdp</c>, or <c>xdp/cpumap</c> / <c>xdp/devmap</c> for a program in a map slot.</summary>
    Xdp,
    /// <summary><c>[Tc]</c>: BPF_PROG_TYPE_SCHED_CLS, section <c>tc</c>.</summary>
    Tc,
    /// <summary><c>[SocketFilter]</c>: BPF_PROG_TYPE_SOCKET_FILTER, section <c>socket</c>.</summary>
    SocketFilter,
    /// <summary><c>[CgroupSockAddr]</c>: BPF_PROG_TYPE_CGROUP_SOCK_ADDR, section <c>cgroup/&lt;hook&gt;</c> (<c>cgroup/sendmsg4</c>, ...).</summary>
    CgroupSockAddr,
    /// <summary><c>[TpBtf]</c>: BPF_PROG_TYPE_TRACING on a BTF tracepoint, section <c>tp_btf/&lt;tracepoint&gt;</c>.</summary>
    TpBtf,
    /// <summary><c>[RawTracepoint]</c>: BPF_PROG_TYPE_RAW_TRACEPOINT, section <c>raw_tp/&lt;tracepoint&gt;</c>.</summary>
    RawTracepoint,
    /// <summary><c>[Kprobe]</c>: BPF_PROG_TYPE_KPROBE at a function's entry, section <c>kprobe/&lt;function&gt;</c>.</summary>
    Kprobe,
    /// <summary><c>[Kretprobe]</c>: BPF_PROG_TYPE_KPROBE at a function's return, section <c>kretprobe/&lt;function&gt;</c>.</summary>
    Kretprobe,
    /// <summary><c>[Fentry]</c>: BPF_PROG_TYPE_TRACING at a function's entry (trampoline), section <c>fentry/&lt;function&gt;</c>.</summary>
    Fentry,
    /// <summary><c>[Fexit]</c>: BPF_PROG_TYPE_TRACING at a function's return (trampoline), section <c>fexit/&lt;function&gt;</c>.</summary>
    Fexit,
    /// <summary><c>[CgroupSkb]</c>: BPF_PROG_TYPE_CGROUP_SKB, section <c>cgroup_skb/ingress</c> or <c>cgroup_skb/egress</c>.</summary>
    CgroupSkb,
}
