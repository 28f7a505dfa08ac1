namespace TraitsBpf.Compiler.Il;

/// <summary>The BPF program types the SDK's attributes declare.</summary>
public enum ProgramKind
{
    /// <summary><c>[Xdp]</c>: BPF_PROG_TYPE_XDP, section <c>xdp</c>.</summary>
    Xdp,
    /// <summary><c>[Tc]</c>: BPF_PROG_TYPE_SCHED_CLS, section <c>tc</c>.</summary>
    Tc,
    /// <summary><c>[SocketFilter]</c>: BPF_PROG_TYPE_SOCKET_FILTER, section <c>socket</c>.</summary>
    SocketFilter,
}
