namespace TraitsBpf.Benchmarks.Traits;

/// <summary>The traffic of a stash cost phase.</summary>
public enum StashCostFlood
{
    /// <summary>Single datagrams to a port nobody listens on: every one ends in kfree_skb, GRO off.</summary>
    ClosedPort,

    /// <summary>
    /// Bursts of same-flow datagrams (UDP_SEGMENT at the sender, segmented on the veth because the receiving end runs XDP)
    /// to a socket with UDP_GRO set, on a receiving veth with GRO on: GRO merges them, the socket consumes them.
    /// </summary>
    GroSocket,
}
