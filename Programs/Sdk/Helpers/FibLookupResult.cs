namespace TraitsBpf;

/// <summary>What <c>ctx.FibLookup</c> found (BPF_FIB_LKUP_RET_*); negative values are errnos.</summary>
public enum FibLookupResult
{
    /// <summary>A route and a neighbour: forward with the MACs and interface filled in.</summary>
    Success = 0,
    /// <summary>Drop: blackhole route.</summary>
    Blackhole = 1,
    /// <summary>Drop: unreachable route.</summary>
    Unreachable = 2,
    /// <summary>Drop: prohibited route.</summary>
    Prohibit = 3,
    /// <summary>Not forwarded: a local destination, or no route.</summary>
    NotForwarded = 4,
    /// <summary>Forwarding is disabled on the interface.</summary>
    ForwardingDisabled = 5,
    /// <summary>The route needs a lightweight tunnel the helper does not support.</summary>
    UnsupportedTunnel = 6,
    /// <summary>No neighbour entry for the next hop yet.</summary>
    NoNeighbour = 7,
    /// <summary>The packet exceeds the MTU.</summary>
    FragmentationNeeded = 8,
}
