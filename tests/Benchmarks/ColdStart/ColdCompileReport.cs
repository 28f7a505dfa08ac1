using TraitsBpf.Benchmarks.Measuring;

namespace TraitsBpf.Benchmarks.ColdStart;

/// <summary>The cold-process compile benchmark's figures.</summary>
/// <param name="Machine">Where they were taken.</param>
/// <param name="Runs">Processes per side and twin; each figure is their median.</param>
/// <param name="Figures">One per C twin.</param>
/// <param name="Skipped">Twins not measured, and why.</param>
public sealed record ColdCompileReport(MachineDescription Machine, int Runs, IReadOnlyList<ColdCompileFigures> Figures, IReadOnlyList<string> Skipped);
