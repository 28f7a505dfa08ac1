namespace TraitsBpf;

/// <summary>What an XDP program tells the driver to do with the packet (enum xdp_action).</summary>
public enum XdpAction
{
    /// <summary>XDP_ABORTED: drop and raise the xdp_exception tracepoint.</summary>
    Aborted = 0,
    /// <summary>XDP_DROP: drop the packet.</summary>
    Drop = 1,
    /// <summary>XDP_PASS: hand the packet to the network stack.</summary>
    Pass = 2,
    /// <summary>XDP_TX: send the packet back out of the interface it arrived on.</summary>
    Tx = 3,
    /// <summary>XDP_REDIRECT: send the packet where a redirect helper said.</summary>
    Redirect = 4,
}
