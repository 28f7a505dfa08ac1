namespace TraitsBpf;

/// <summary>
/// <c>enum xdp_rss_hash_type</c>: what the receive hash of <see cref="XdpContext.RxHash"/> was
/// computed over. The low bits say the L3 protocol, the higher bits the L4 one; a hash over an
/// IPv4 UDP flow is <c>L3IPv4 | L4 | L4Udp</c> (the kernel's XDP_RSS_TYPE_L4_IPV4_UDP).
/// </summary>
[Flags]
public enum RxHashType : uint
{
    /// <summary>XDP_RSS_TYPE_NONE: no L3 or L4 information (an L2 hash, or none).</summary>
    None = 0,

    /// <summary>XDP_RSS_L3_IPV4.</summary>
    L3IPv4 = 1 << 0,

    /// <summary>XDP_RSS_L3_IPV6.</summary>
    L3IPv6 = 1 << 1,

    /// <summary>XDP_RSS_L3_DYNHDR: the hash covered IPv4 options or IPv6 extension headers.</summary>
    L3DynamicHeader = 1 << 2,

    /// <summary>XDP_RSS_L4: the hash covered an L4 protocol.</summary>
    L4 = 1 << 3,

    /// <summary>XDP_RSS_L4_TCP.</summary>
    L4Tcp = 1 << 4,

    /// <summary>XDP_RSS_L4_UDP.</summary>
    L4Udp = 1 << 5,

    /// <summary>XDP_RSS_L4_SCTP.</summary>
    L4Sctp = 1 << 6,

    /// <summary>XDP_RSS_L4_IPSEC.</summary>
    L4IPsec = 1 << 7,

    /// <summary>XDP_RSS_L4_ICMP.</summary>
    L4Icmp = 1 << 8,
}
