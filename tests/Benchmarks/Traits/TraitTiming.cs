using TraitsBpf.Benchmarks.Measuring;

namespace TraitsBpf.Benchmarks.Traits;

/// <summary>The time of one timed program per test-run repetition, ours and clang's (NaN for a program only C can write).</summary>
/// <param name="Label">What the program does.</param>
/// <param name="Program">The program's name in both objects.</param>
/// <param name="KernelNs">The kernel's nanoseconds per repetition, interquartile mean over the rounds.</param>
/// <param name="WallNs">Wall time of the test-run call per repetition, interquartile mean over the rounds.</param>
public sealed record TraitTiming(string Label, string Program, OursVersusClang KernelNs, OursVersusClang WallNs);
