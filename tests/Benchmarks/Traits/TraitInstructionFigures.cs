using TraitsBpf.Benchmarks.Measuring;

namespace TraitsBpf.Benchmarks.Traits;

/// <summary>The instruction figures of one trait operation, in a program that does only that.</summary>
/// <param name="Operation">What the program does.</param>
/// <param name="Program">The program's name in both objects.</param>
/// <param name="ObjectInstructions">Instructions in the ELF object.</param>
/// <param name="XlatedInstructions">Instructions after loading (the verifier has removed what the known keys make dead).</param>
/// <param name="VerifiedInstructions">Instructions the verifier processed.</param>
public sealed record TraitInstructionFigures(
    string Operation,
    string Program,
    OursVersusClang ObjectInstructions,
    OursVersusClang XlatedInstructions,
    OursVersusClang VerifiedInstructions);
