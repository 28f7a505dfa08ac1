namespace TraitsBpf;

/// <summary>
/// The flags of <see cref="TcContext.AdjustRoom"/> (<c>BPF_F_ADJ_ROOM_*</c>). The inner link-layer header
/// length of an encapsulation (<c>BPF_F_ADJ_ROOM_ENCAP_L2(len)</c>) is <c>(AdjustRoomFlags)((ulong)len &lt;&lt; 56)</c>.
/// </summary>
[Flags]
public enum AdjustRoomFlags : ulong
{
    /// <summary>No flags.</summary>
    None = 0,

    /// <summary>BPF_F_ADJ_ROOM_FIXED_GSO: leave gso_size alone.</summary>
    FixedGso = 1UL << 0,

    /// <summary>BPF_F_ADJ_ROOM_ENCAP_L3_IPV4: the added room is an IPv4 tunnel header.</summary>
    EncapL3IPv4 = 1UL << 1,

    /// <summary>BPF_F_ADJ_ROOM_ENCAP_L3_IPV6: the added room is an IPv6 tunnel header.</summary>
    EncapL3IPv6 = 1UL << 2,

    /// <summary>BPF_F_ADJ_ROOM_ENCAP_L4_GRE: the tunnel is GRE.</summary>
    EncapL4Gre = 1UL << 3,

    /// <summary>BPF_F_ADJ_ROOM_ENCAP_L4_UDP: the tunnel is over UDP.</summary>
    EncapL4Udp = 1UL << 4,

    /// <summary>BPF_F_ADJ_ROOM_NO_CSUM_RESET: keep the checksum state (CHECKSUM_UNNECESSARY) the packet had.</summary>
    NoChecksumReset = 1UL << 5,

    /// <summary>BPF_F_ADJ_ROOM_ENCAP_L2_ETH: the inner link-layer header is Ethernet (with an ENCAP_L2 length of at least 14).</summary>
    EncapL2Ethernet = 1UL << 6,

    /// <summary>BPF_F_ADJ_ROOM_DECAP_L3_IPV4: the removed room leaves an IPv4 packet.</summary>
    DecapL3IPv4 = 1UL << 7,

    /// <summary>BPF_F_ADJ_ROOM_DECAP_L3_IPV6: the removed room leaves an IPv6 packet.</summary>
    DecapL3IPv6 = 1UL << 8,
}
