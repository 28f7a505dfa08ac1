namespace TraitsBpf;

/// <summary>Which redirect helper a managed TC program called last (see <see cref="TcContext.RedirectedBy"/>).</summary>
public enum TcRedirectKind
{
    /// <summary>bpf_redirect (<see cref="TcContext.Redirect"/>).</summary>
    Device,

    /// <summary>bpf_redirect_neigh (<see cref="TcContext.RedirectNeighbor"/>): out of the device, its link-layer header from the neighbour table.</summary>
    Neighbor,

    /// <summary>bpf_redirect_peer (<see cref="TcContext.RedirectPeer"/>): into the peer of a veth or netkit device.</summary>
    Peer,
}
