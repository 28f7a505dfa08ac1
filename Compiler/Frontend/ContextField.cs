using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>A field of struct xdp_md or struct __sk_buff: where it is and what loading it gives.</summary>
internal sealed record ContextField(int Offset, int Size, IrType Type, ValueKind Kind);
