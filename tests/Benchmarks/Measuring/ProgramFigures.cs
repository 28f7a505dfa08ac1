namespace TraitsBpf.Benchmarks.Measuring;

/// <summary>Every figure for one sample program.</summary>
/// <param name="Program">The program's name (the same in C# and in its C twin).</param>
/// <param name="Kind">xdp or tc.</param>
/// <param name="ObjectInstructions">Instructions in the ELF object: the program's function and any subprograms (64-bit immediate loads count 2).</param>
/// <param name="XlatedInstructions">Instructions after the kernel's rewrites (bpf_prog_info.xlated_prog_len / 8).</param>
/// <param name="JitedBytes">Bytes of machine code the JIT made of it (bpf_prog_info.jited_prog_len; 0 with the JIT off).</param>
/// <param name="VerifiedInstructions">Instructions the verifier processed (bpf_prog_info.verified_insns).</param>
/// <param name="Timings">Nanoseconds per packet, per representative packet.</param>
/// <param name="CompileMs">Our compiler's time for this program alone, median after a warm-up.</param>
/// <param name="ClangCompileMs">clang's time for the twin's file, median, as a process.</param>
public sealed record ProgramFigures(
    string Program,
    string Kind,
    OursVersusClang ObjectInstructions,
    OursVersusClang XlatedInstructions,
    OursVersusClang JitedBytes,
    OursVersusClang VerifiedInstructions,
    IReadOnlyList<PacketTiming> Timings,
    double CompileMs,
    double ClangCompileMs);
