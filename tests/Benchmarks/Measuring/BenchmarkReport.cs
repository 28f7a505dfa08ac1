namespace TraitsBpf.Benchmarks.Measuring;

/// <summary>A whole run: where, how, the cost of the test run itself, and every program's figures.</summary>
/// <param name="Machine">The machine and toolchain.</param>
/// <param name="Repeat">BPF_PROG_TEST_RUN repeat count per measurement.</param>
/// <param name="Rounds">Interleaved measurements per packet and side.</param>
/// <param name="BaselineNsPerPacket">Nanoseconds per packet of a program that only returns, per kind (xdp, tc), over the first representative packet.</param>
/// <param name="FirstCompileMs">Our compiler's first compilation of the samples assembly in this process (JIT and assembly reading included).</param>
/// <param name="Programs">The figures per program.</param>
public sealed record BenchmarkReport(
    MachineDescription Machine,
    int Repeat,
    int Rounds,
    IReadOnlyDictionary<string, double> BaselineNsPerPacket,
    double FirstCompileMs,
    IReadOnlyList<ProgramFigures> Programs);
