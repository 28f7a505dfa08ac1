namespace TraitsBpf.Cli.Output;

/// <summary>What <c>traits --json</c> prints.</summary>
/// <param name="Registry">Where the registry is pinned.</param>
/// <param name="Traits">The registered names, highest key first.</param>
/// <param name="IntegerKeys">The constant integer keys of attached programs.</param>
/// <param name="Backend">The traits backend in force on the host (kfunc, meta, stash), or null before the first program that uses traits.</param>
/// <param name="BackendRecordedBy">The program whose load chose it.</param>
/// <param name="Stash">The stash backend's map, or null when no stash program was ever loaded.</param>
public sealed record TraitsReport(string Registry, IReadOnlyList<TraitEntry> Traits, IReadOnlyList<TraitKeyEntry> IntegerKeys,
    string? Backend, string? BackendRecordedBy, StashReport? Stash);
