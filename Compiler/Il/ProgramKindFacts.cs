namespace TraitsBpf.Compiler.Il;

/// <summary>What the compiler needs to know about each program kind: its section prefix and how a tracing program sees its arguments.</summary>
public static class ProgramKindFacts
{
    /// <summary>Whether the kind is a tracing program (its context is <c>TraceContext</c> and it takes the traced function's arguments).</summary>
    public static bool IsTracing(this ProgramKind kind) =>
        kind is ProgramKind.TpBtf or ProgramKind.RawTracepoint or ProgramKind.Kprobe or ProgramKind.Kretprobe or ProgramKind.Fentry or ProgramKind.Fexit;

    /// <summary>
    /// Whether the kernel types a pointer argument by BTF (tp_btf, fentry, fexit), so the program reads kernel
    /// structs with plain loads; the others read them with bpf_probe_read_kernel.
    /// </summary>
    public static bool HasBtfArguments(this ProgramKind kind) => kind is ProgramKind.TpBtf or ProgramKind.Fentry or ProgramKind.Fexit;

    /// <summary>
    /// The ELF section libbpf recognizes: <c>xdp</c> (or <c>xdp/cpumap</c>, <c>xdp/devmap</c> for a program in a map slot;
    /// <c>xdp.frags</c> in place of <c>xdp</c> for one that takes multi-buffer packets, <paramref name="fragments"/>, from
    /// which libbpf sets BPF_F_XDP_HAS_FRAGS), <c>tc</c>, <c>socket</c>, <c>cgroup/</c> and a socket-address hook,
    /// <c>cgroup_skb/</c> and a direction, or a tracing prefix, a slash and <paramref name="target"/>.
    /// </summary>
    public static string SectionName(this ProgramKind kind, string? target, bool fragments = false) => kind switch
    {
        ProgramKind.Xdp => (fragments ? "xdp.frags" : "xdp") + (target is null ? "" : $"/{target}"),
        ProgramKind.Tc => "tc",
        ProgramKind.SocketFilter => "socket",
        ProgramKind.CgroupSockAddr => $"cgroup/{target}",
        ProgramKind.CgroupSkb => $"cgroup_skb/{target}",
        ProgramKind.TpBtf => $"tp_btf/{target}",
        ProgramKind.RawTracepoint => $"raw_tp/{target}",
        ProgramKind.Kprobe => $"kprobe/{target}",
        ProgramKind.Kretprobe => $"kretprobe/{target}",
        ProgramKind.Fentry => $"fentry/{target}",
        _ => $"fexit/{target}",
    };
}
