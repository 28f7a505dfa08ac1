namespace TraitsBpf.Compiler.Ir;

/// <summary>
/// The byte offset of a kernel struct's field as a 64-bit constant carrying a CO-RE field-offset
/// relocation (<c>mov rX, local offset</c>, patched by libbpf), for programs that read kernel memory
/// with bpf_probe_read_kernel (kprobe, kretprobe, raw_tp) and so need the field's address.
/// </summary>
internal sealed class KernelFieldOffsetInstruction(KernelFieldAccess access) : Instruction(IrType.I64, ValueKind.Scalar)
{
    public KernelFieldAccess Access { get; } = access;

    protected override string Describe() => $"offsetof {Access} core {Access.AccessString}";
}
