namespace TraitsBpf.Benchmarks.Traits;

/// <summary>What the XDP tagger of a stash cost phase sets (the TC reader gets the trait whenever one is set).</summary>
public enum StashCostTagging
{
    /// <summary>Nothing: the programs parse and count only, the baseline.</summary>
    None,

    /// <summary>The datagram's own count: every packet's traits differ, so GRO must not merge them.</summary>
    PerPacket,

    /// <summary>The UDP source port: one value per flow, as a classifier would set.</summary>
    PerFlow,
}
