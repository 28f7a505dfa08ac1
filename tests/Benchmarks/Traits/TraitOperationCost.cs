using TraitsBpf.Benchmarks.Measuring;

namespace TraitsBpf.Benchmarks.Traits;

/// <summary>What an operation costs by itself: its program's time less its reference program's, per round, interquartile mean.</summary>
/// <param name="Operation">The operation.</param>
/// <param name="Reference">The program whose time is subtracted.</param>
/// <param name="NsPerOperation">Nanoseconds per operation, ours and clang's.</param>
/// <param name="IsTraitOperation">False for reference points that are not trait operations.</param>
public sealed record TraitOperationCost(string Operation, string Reference, OursVersusClang NsPerOperation, bool IsTraitOperation);
