namespace TraitsBpf.Loader;

/// <summary>What the kernel reports about a loaded program (<c>struct bpf_prog_info</c>).</summary>
/// <param name="Id">The kernel's program id (as shown by <c>bpftool prog</c>).</param>
/// <param name="Name">The kernel's (possibly truncated, 15 characters) program name.</param>
/// <param name="Type">The program type.</param>
/// <param name="Tag">The program tag: a hash of its instructions, as 16 hex digits.</param>
/// <param name="InstructionCount">Instructions after the verifier's rewrites (<c>xlated_prog_len / 8</c>).</param>
/// <param name="JitedSize">Bytes of JIT-compiled machine code; 0 when the JIT is off.</param>
/// <param name="VerifiedInstructions">Instructions the verifier processed (<c>verified_insns</c>).</param>
/// <param name="MapIds">Ids of the maps the program uses.</param>
/// <param name="RunCount">Runs counted by the kernel; stays 0 unless BPF statistics are enabled.</param>
/// <param name="RunTimeNs">Total run time counted by the kernel; stays 0 unless BPF statistics are enabled.</param>
public sealed record BpfProgramInfo(
    uint Id,
    string Name,
    BpfProgramType Type,
    string Tag,
    int InstructionCount,
    uint JitedSize,
    uint VerifiedInstructions,
    IReadOnlyList<uint> MapIds,
    ulong RunCount,
    ulong RunTimeNs);
