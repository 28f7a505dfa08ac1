using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// A field of a context struct (xdp_md, __sk_buff, bpf_sock_addr): where it is and what loading it gives;
/// <paramref name="Words"/> is the element count of an array field (bpf_sock_addr's IPv6 addresses), whose
/// accessors take a constant index.
/// </summary>
internal sealed record ContextField(int Offset, int Size, IrType Type, ValueKind Kind, int Words = 1);
