namespace TraitsBpf.Cli.Output;

/// <summary>The stash backend's state in <c>traits --json</c>.</summary>
/// <param name="Path">Where the stash map is pinned.</param>
/// <param name="Entries">sk_buffs whose traits it holds now.</param>
/// <param name="Capacity">The most it holds.</param>
/// <param name="Refused">Entries it refused because it was full.</param>
/// <param name="ReaperMissing">Reaper programs not attached (their frees leave entries behind); empty when the reaper is complete.</param>
public sealed record StashReport(string Path, int Entries, int Capacity, ulong Refused, IReadOnlyList<string> ReaperMissing);
