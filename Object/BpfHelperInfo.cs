namespace TraitsBpf.Object;

/// <summary>
/// What the toolchain knows about one kernel helper: its C name and prototype, and the facts the
/// compiler's optimizations rely on. A fact that is not listed is assumed in the safe direction
/// (a helper writes through every pointer it is given); the packet facts are the kernel's list.
/// </summary>
/// <param name="Id">The helper's number in <c>enum bpf_func_id</c>.</param>
/// <param name="Name">The C name, <c>bpf_map_lookup_elem</c>.</param>
/// <param name="Prototype">The C prototype as uapi <c>bpf.h</c> documents it; empty for <see cref="BpfHelper.Unspecified"/>.</param>
public sealed record BpfHelperInfo(BpfHelper Id, string Name, string Prototype)
{
    /// <summary>
    /// The helper itself may move, resize or rewrite the packet, so bytes and bounds read before
    /// the call may be stale after it.
    /// </summary>
    public bool ChangesPacketData { get; init; }

    /// <summary>
    /// The verifier forgets every packet pointer after a call (the kernel's
    /// <c>bpf_helper_changes_pkt_data</c>): every helper that <see cref="ChangesPacketData"/>, and
    /// <c>bpf_tail_call</c>, whose target, called from a subprogram, returns to that subprogram's
    /// caller having perhaps changed the packet.
    /// </summary>
    public bool InvalidatesPacketPointers { get; init; }

    /// <summary>
    /// The result is a pointer to map memory (a map value, or a ring buffer record) or null, which
    /// the program must compare with null before using it.
    /// </summary>
    public bool ReturnsMapValue { get; init; }

    /// <summary>
    /// The result is the socket argument seen as another type, or null when the socket is not of that kind
    /// (bpf_sk_fullsock, bpf_tcp_sock and the bpf_skc_to_* casts): the program tests it against null before it reads
    /// through it or passes it on. It takes no reference of its own.
    /// </summary>
    public bool CastsSocket { get; init; }

    /// <summary>
    /// A <see cref="CastsSocket"/> result the verifier ties to its argument's reference, so that it is invalid once
    /// that reference is released (the kernel's <c>is_ptr_cast_function</c>, which leaves out bpf_skc_to_unix_sock).
    /// </summary>
    public bool CastSharesReference { get; init; }

    /// <summary>
    /// The arguments (0 for r1, 1 for r2, ...) that point to memory the helper only reads, such as
    /// a map key or value, or ring buffer data. The compiler keeps a local whose address reaches
    /// only such arguments in a register, and writes it to the stack just before the call.
    /// Listed for the helpers the compiler optimizes around; empty means "may write".
    /// </summary>
    public IReadOnlyList<int> ReadOnlyArguments { get; init; } = [];
}
