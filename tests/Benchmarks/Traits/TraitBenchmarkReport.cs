using TraitsBpf.Benchmarks.Measuring;

namespace TraitsBpf.Benchmarks.Traits;

/// <summary>A traits benchmark run for one backend, or why it did not run.</summary>
/// <param name="Backend">"meta" or "kfunc".</param>
/// <param name="Machine">The machine and toolchain.</param>
/// <param name="Repeat">BPF_PROG_TEST_RUN repeat count per measurement.</param>
/// <param name="Rounds">Interleaved measurements per program and side.</param>
/// <param name="Keys">The key each named trait was given, in both objects.</param>
/// <param name="Instructions">Per operation: instructions in programs that do only it.</param>
/// <param name="Timings">Per timed program: time per repetition.</param>
/// <param name="Costs">Per operation: time less the reference program's.</param>
/// <param name="Skipped">Why the backend was not measured, or null.</param>
public sealed record TraitBenchmarkReport(
    string Backend,
    MachineDescription Machine,
    int Repeat,
    int Rounds,
    IReadOnlyDictionary<string, int> Keys,
    IReadOnlyList<TraitInstructionFigures> Instructions,
    IReadOnlyList<TraitTiming> Timings,
    IReadOnlyList<TraitOperationCost> Costs,
    string? Skipped = null);
