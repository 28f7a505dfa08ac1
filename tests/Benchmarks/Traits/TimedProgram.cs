namespace TraitsBpf.Benchmarks.Traits;

/// <summary>A program the traits benchmark times, and the program whose time is subtracted to give its operation's cost.</summary>
/// <param name="Label">What it does.</param>
/// <param name="Program">Its name in both objects.</param>
/// <param name="Reference">The program measured against, or null for a baseline.</param>
/// <param name="IsTraitOperation">False for the reference points (the metadata load, the empty kfunc call), which the target does not concern.</param>
public sealed record TimedProgram(string Label, string Program, string? Reference, bool IsTraitOperation = true);
