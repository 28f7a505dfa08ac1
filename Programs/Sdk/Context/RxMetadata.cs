namespace TraitsBpf;

/// <summary>
/// What a device tells XDP about a received packet, for running programs as managed code: the
/// values <see cref="XdpContext.RxHash"/>, <see cref="XdpContext.RxTimestamp"/> and
/// <see cref="XdpContext.RxVlanTag"/> return. A null member is a value the device did not give for
/// this packet (the kfunc returns -ENODATA, as veth does for a packet without it); a context with
/// no <see cref="RxMetadata"/> at all models a device without the metadata kfuncs (-EOPNOTSUPP).
/// </summary>
/// <param name="Hash">The receive hash.</param>
/// <param name="HashType">What the hash covered.</param>
/// <param name="Timestamp">The hardware receive timestamp, in nanoseconds.</param>
/// <param name="VlanProtocol">The stripped VLAN tag's protocol, in network byte order (0x0081 for 802.1Q read as a little-endian number).</param>
/// <param name="VlanTci">The stripped VLAN tag's TCI, in host byte order.</param>
public sealed record RxMetadata(
    uint? Hash = null,
    RxHashType HashType = RxHashType.None,
    ulong? Timestamp = null,
    ushort? VlanProtocol = null,
    ushort? VlanTci = null);
