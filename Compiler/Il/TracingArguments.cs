namespace TraitsBpf.Compiler.Il;

/// <summary>
/// Where a tracing program finds the traced function's arguments in its context: tp_btf, raw_tp,
/// fentry and fexit get an array of u64 cells (an fexit's return value follows the arguments); a
/// kprobe gets the x86-64 <c>struct pt_regs</c>, arguments in rdi, rsi, rdx, rcx, r8, r9, and a
/// kretprobe the return value in rax.
/// </summary>
internal static class TracingArguments
{
    /// <summary>MAX_BPF_FUNC_ARGS: the u64 cells a trampoline or BTF tracepoint passes.</summary>
    public const int MaxCells = 12;

    /// <summary>The argument registers of the x86-64 calling convention.</summary>
    public const int KprobeRegisterCount = 6;

    // Byte offsets in struct pt_regs (arch/x86/include/uapi/asm/ptrace.h, x86-64).
    private static readonly int[] ArgumentRegisterOffsets = [112, 104, 96, 88, 72, 64];
    private const int ReturnRegisterOffset = 80;

    /// <summary>The byte offset in the context of the argument at <paramref name="index"/> (0 is the first after the context).</summary>
    public static int OffsetOf(ProgramKind kind, int index) => kind switch
    {
        ProgramKind.Kprobe => ArgumentRegisterOffsets[index],
        ProgramKind.Kretprobe => ReturnRegisterOffset,
        _ => index * 8,
    };
}
