namespace TraitsBpf;

/// <summary>The flags of <see cref="TcContext.SetTunnelKey"/> (<c>BPF_F_*</c> of bpf_skb_set_tunnel_key).</summary>
[Flags]
public enum SetTunnelKeyFlags : ulong
{
    /// <summary>An IPv4 tunnel with checksum and key.</summary>
    None = 0,

    /// <summary>BPF_F_TUNINFO_IPV6: the addresses are IPv6.</summary>
    IPv6 = 1UL << 0,

    /// <summary>BPF_F_ZERO_CSUM_TX: no outer UDP checksum.</summary>
    ZeroChecksum = 1UL << 1,

    /// <summary>BPF_F_DONT_FRAGMENT: set DF on the outer header.</summary>
    DontFragment = 1UL << 2,

    /// <summary>BPF_F_SEQ_NUMBER: add a sequence number (GRE).</summary>
    SequenceNumber = 1UL << 3,

    /// <summary>BPF_F_NO_TUNNEL_KEY: send no key (GRE).</summary>
    NoTunnelKey = 1UL << 4,
}
