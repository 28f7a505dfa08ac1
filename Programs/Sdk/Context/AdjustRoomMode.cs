namespace TraitsBpf;

/// <summary>Where <see cref="TcContext.AdjustRoom"/> adds or removes bytes (<c>enum bpf_adj_room_mode</c>).</summary>
public enum AdjustRoomMode : uint
{
    /// <summary>BPF_ADJ_ROOM_NET: after the network header (20 bytes of IPv4, 40 of IPv6), e.g. room for an option or an encapsulation header.</summary>
    Net = 0,

    /// <summary>BPF_ADJ_ROOM_MAC: right after the Ethernet header, in front of the network header.</summary>
    Mac = 1,
}
