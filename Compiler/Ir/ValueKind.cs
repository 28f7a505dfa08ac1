namespace TraitsBpf.Compiler.Ir;

/// <summary>
/// What a value is to the kernel verifier. The IR tracks it so that the compiler can refuse
/// what the verifier would refuse (arithmetic on a context pointer, storing a packet pointer)
/// with a C# line instead of a verifier log, and so later stages know which memory a pointer
/// reaches (stack accesses must be aligned, context accesses must use constant offsets).
/// </summary>
internal enum ValueKind
{
    /// <summary>A number.</summary>
    Scalar,
    /// <summary>The program's context (struct xdp_md / struct __sk_buff).</summary>
    Ctx,
    /// <summary>A pointer into packet data (derived from ctx->data).</summary>
    Packet,
    /// <summary>ctx->data_end.</summary>
    PacketEnd,
    /// <summary>A pointer into the metadata area (derived from ctx->data_meta).</summary>
    Meta,
    /// <summary>A pointer into the program's stack frame.</summary>
    Stack,
    /// <summary>A pointer into a map value or global data.</summary>
    MapValue,
    /// <summary>A map (what ld_imm64 of a map gives).</summary>
    Map,
    /// <summary>
    /// A pointer into kernel memory a tracing program received as an argument or read from a kernel
    /// struct: read only through the fields of a <c>[KernelType]</c> struct, each read a CO-RE relocation.
    /// </summary>
    Kernel,
    /// <summary>
    /// A pointer to a socket (<c>struct bpf_sock</c>, <c>struct bpf_tcp_sock</c>) a helper returned, or null:
    /// read only at its fields' offsets and sizes; one a lookup returned must be released on every path.
    /// </summary>
    Socket,
    /// <summary>A pointer whose target the compiler cannot tell (a phi of different kinds, a byref parameter).</summary>
    Unknown,
}
