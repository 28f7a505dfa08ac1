namespace TraitsBpf.Benchmarks.Traits;

/// <summary>One phase of the stash cost benchmark: a backend, with or without traits, a flood, and what the kernel counted.</summary>
/// <param name="Backend">"meta", "stash" or "kfunc".</param>
/// <param name="Tagging">What the tagger sets: nothing, a value per packet or a value per flow.</param>
/// <param name="Flood">Where the datagrams go: to a closed port, or to a UDP_GRO socket on a veth with GRO on.</param>
/// <param name="Tagged">Flood frames the XDP program saw.</param>
/// <param name="Carried">Flood sk_buffs the TC reader found a trait on.</param>
/// <param name="TcSeen">Flood sk_buffs the TC reader saw, with a trait or without: fewer than <paramref name="Tagged"/> when GRO merged.</param>
/// <param name="XdpNs">The XDP program's mean ns per run (BPF run-time statistics).</param>
/// <param name="TcNs">The TC reader's mean ns per run.</param>
/// <param name="Reaper">The stash reaper's programs: name, runs and ns per run (empty without the stash).</param>
/// <param name="Occupancy">The stash's entries during and after the flood; null without the stash.</param>
/// <param name="Delivered">What the UDP_GRO socket received; null for the flood to a closed port.</param>
/// <param name="PacketsPerSecond">The sender's rate.</param>
public sealed record StashCostPhase(
    string Backend,
    StashCostTagging Tagging,
    StashCostFlood Flood,
    ulong Tagged,
    ulong Carried,
    ulong TcSeen,
    double? XdpNs,
    double? TcNs,
    IReadOnlyList<(string Name, ulong Runs, double? Ns)> Reaper,
    StashOccupancy? Occupancy,
    GroDelivery? Delivered,
    double PacketsPerSecond)
{
    /// <summary>Whether the programs set and read a trait (else they only parse and count).</summary>
    public bool Traits => Tagging != StashCostTagging.None;
}
