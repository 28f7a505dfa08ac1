namespace TraitsBpf.Compiler.Il;

/// <summary>What the compiler needs to know about each program kind: its section prefix and how a tracing program sees its arguments.</summary>
public static class ProgramKindFacts
{
    /// <summary>Whether the kind is a tracing program (its context is <c>TraceContext</c> and it takes the traced function's arguments).</summary>
    public static bool IsTracing(this ProgramKind kind) =>
        kind is ProgramKind.TpBtf or ProgramKind.RawTracepoint or ProgramKind.Kprobe or ProgramKind.Kretprobe or ProgramKind.Fentry or ProgramKind.Fexit;

    /// <summary>
    /// Whether every kernel pointer the program holds is typed by BTF, so it reads kernel structs with plain loads: a
    /// tp_btf, fentry or fexit program's arguments, and in the packet programs the results of bpf_cast_to_kern_ctx
    /// and the socket casts (and the pointer fields read through them). A kprobe's, kretprobe's or raw_tp's arguments
    /// are bare numbers to the verifier, read with bpf_probe_read_kernel.
    /// </summary>
    public static bool ReadsKernelStructsDirectly(this ProgramKind kind) => kind is not (ProgramKind.RawTracepoint or ProgramKind.Kprobe or ProgramKind.Kretprobe);

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
