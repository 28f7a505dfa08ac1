namespace TraitsBpf.Cli.Output;

/// <summary>What <c>traits --json</c> prints.</summary>
/// <param name="Registry">Where the registry is pinned.</param>
/// <param name="Traits">The registered names, highest key first.</param>
/// <param name="IntegerKeys">The constant integer keys of attached programs.</param>
public sealed record TraitsReport(string Registry, IReadOnlyList<TraitEntry> Traits, IReadOnlyList<TraitKeyEntry> IntegerKeys);
