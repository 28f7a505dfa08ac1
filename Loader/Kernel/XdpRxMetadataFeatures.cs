namespace TraitsBpf.Loader.Kernel;

/// <summary>
/// Which receive metadata a device's driver gives XDP programs (<c>enum netdev_xdp_rx_metadata</c>,
/// the netdev family's <c>xdp-rx-metadata-features</c>): the kfuncs it implements.
/// </summary>
[Flags]
public enum XdpRxMetadataFeatures : ulong
{
    /// <summary>None: every metadata kfunc returns -EOPNOTSUPP on this device.</summary>
    None = 0,

    /// <summary>bpf_xdp_metadata_rx_timestamp.</summary>
    Timestamp = 1,

    /// <summary>bpf_xdp_metadata_rx_hash.</summary>
    Hash = 2,

    /// <summary>bpf_xdp_metadata_rx_vlan_tag.</summary>
    VlanTag = 4,
}
