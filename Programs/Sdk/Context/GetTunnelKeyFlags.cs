namespace TraitsBpf;

/// <summary>The flags of <see cref="TcContext.GetTunnelKey"/> (<c>BPF_F_*</c> of bpf_skb_get_tunnel_key).</summary>
[Flags]
public enum GetTunnelKeyFlags : ulong
{
    /// <summary>An IPv4 tunnel.</summary>
    None = 0,

    /// <summary>BPF_F_TUNINFO_IPV6: the tunnel is IPv6.</summary>
    IPv6 = 1UL << 0,

    /// <summary>BPF_F_TUNINFO_FLAGS: fill in <see cref="TunnelKey.TunnelFlags"/>.</summary>
    Flags = 1UL << 4,
}
