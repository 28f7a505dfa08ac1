namespace TraitsBpf.Benchmarks.Traits;

/// <summary>One phase of the stash cost benchmark: a backend, with or without traits, and what the kernel counted.</summary>
/// <param name="Backend">"meta" or "stash".</param>
/// <param name="Traits">Whether the programs set and read a trait (else they only parse and count).</param>
/// <param name="Tagged">Flood datagrams the XDP program saw.</param>
/// <param name="Carried">Flood datagrams the TC reader found a trait on.</param>
/// <param name="XdpNs">The XDP program's mean ns per run (BPF run-time statistics).</param>
/// <param name="TcNs">The TC reader's mean ns per run.</param>
/// <param name="Reaper">The stash reaper's programs: name, runs and ns per run (empty without the stash).</param>
/// <param name="PeakEntries">The most stash entries a sample saw during the flood; null without the stash.</param>
/// <param name="EntriesAfter">Stash entries left 200 ms after the flood.</param>
/// <param name="BytesPerEntry">The stash map's memory charge per entry: what one in-flight packet costs.</param>
/// <param name="PacketsPerSecond">The sender's rate.</param>
public sealed record StashCostPhase(
    string Backend,
    bool Traits,
    ulong Tagged,
    ulong Carried,
    double? XdpNs,
    double? TcNs,
    IReadOnlyList<(string Name, ulong Runs, double? Ns)> Reaper,
    int? PeakEntries,
    int? EntriesAfter,
    double? BytesPerEntry,
    double PacketsPerSecond);
