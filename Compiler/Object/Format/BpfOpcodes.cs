namespace TraitsBpf.Compiler.Object.Format;

/// <summary>The instruction fields the object stage patches or decodes (Documentation/bpf/standardization/instruction-set.rst).</summary>
internal static class BpfOpcodes
{
    public const int InstructionSize = 8;

    /// <summary>lddw: BPF_LD | BPF_IMM | BPF_DW, the first half of a 64-bit immediate load.</summary>
    public const byte LoadImmediate64 = 0x18;

    /// <summary>BPF_JMP | BPF_CALL.</summary>
    public const byte Call = 0x85;

    /// <summary>BPF_JMP | BPF_EXIT.</summary>
    public const byte Exit = 0x95;

    /// <summary>src_reg of a call to a BPF function (clang also writes it for kfunc calls; libbpf then makes them <see cref="PseudoKfuncCall"/>).</summary>
    public const int PseudoCall = 1;

    /// <summary>src_reg of a call to a kernel function, after libbpf resolves it.</summary>
    public const int PseudoKfuncCall = 2;
}
