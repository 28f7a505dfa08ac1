namespace TraitsBpf.Benchmarks.Traits;

/// <summary>How full the stash was in a phase.</summary>
/// <param name="Peak">The most entries a sample saw during the flood.</param>
/// <param name="Mean">The mean entries over the samples taken during the flood.</param>
/// <param name="Samples">How many samples were taken (one every 10 ms).</param>
/// <param name="After">Entries left 200 ms after the flood.</param>
/// <param name="Refused">Entries the stash refused because it was full (<c>tbpf_stash_full</c>).</param>
/// <param name="Capacity">The map's max_entries.</param>
/// <param name="BytesPerEntry">The map's memory charge (bpftool's bytes_memlock) over its capacity: what one in-flight packet costs.</param>
public sealed record StashOccupancy(int Peak, double Mean, int Samples, int After, ulong Refused, int Capacity, double BytesPerEntry);
