using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>
/// The sk_buff helpers of a TC program beyond the packet's bytes: relative loads, protocol, type and head room changes,
/// checksum level, hash invalidation, ECN, timestamps, clone redirects, tunnel options, the route realm and the IPsec
/// state. Where the kernel's answer depends on state a managed run does not have (devices, routes, IPsec), the
/// context takes it as an input.
/// </summary>
public sealed unsafe partial class TcContext
{
    private ulong timestamp;
    private TimestampClock timestampClock;
    private readonly List<ClonedPacket> clones = [];

    /// <summary>
    /// Copies <paramref name="length"/> bytes at <paramref name="offset"/> from the start of the MAC or the network
    /// header to <paramref name="to"/> (bpf_skb_load_bytes_relative), within the linear data: 0, or -EFAULT with
    /// <paramref name="to"/> zeroed when the header does not hold them or <paramref name="offset"/> is over 65535.
    /// The length must be a constant the verifier sees.
    /// </summary>
    [BpfHelper(BpfHelper.SkbLoadBytesRelative)]
    public int LoadBytesRelative(uint offset, void* to, int length, HeaderStart start) => skb.LoadBytesRelative(
        start switch
        {
            HeaderStart.Mac => 0,
            HeaderStart.Network => skb.NetworkOffset,
            _ => null,
        },
        offset,
        to,
        length);

    /// <summary>
    /// Turns an IPv4 packet into an IPv6 one or back (bpf_skb_change_proto, as NAT64 does): 20 zero bytes are put in
    /// front of the network header, or the 20 there are taken away, and <see cref="Protocol"/> becomes
    /// <paramref name="protocolNetworkOrder"/> (<c>Net.Htons(0x86DD)</c> or <c>Net.Htons(0x0800)</c>); the program then
    /// writes the new header. The hash is cleared. Returns 0, -EINVAL when <paramref name="flags"/> is not 0, -ENOTSUPP
    /// (524) for another pair of protocols, or -ENOMEM. Packet pointers are invalid afterwards.
    /// </summary>
    [BpfHelper(BpfHelper.SkbChangeProto)]
    public int ChangeProtocol(ushort protocolNetworkOrder, ulong flags = 0) => skb.ChangeProtocol(protocolNetworkOrder, flags);

    /// <summary>
    /// Sets <see cref="PacketType"/> (bpf_skb_change_type): both the old and the new type must be PACKET_HOST,
    /// PACKET_BROADCAST, PACKET_MULTICAST or PACKET_OTHERHOST (0 to 3). Returns 0 or -EINVAL.
    /// </summary>
    [BpfHelper(BpfHelper.SkbChangeType)]
    public int ChangeType(uint packetType)
    {
        const uint OtherHost = 3;
        if (this.packetType > OtherHost || packetType > OtherHost)
        {
            return -Errno.EINVAL;
        }

        this.packetType = packetType;
        return 0;
    }

    /// <summary>
    /// Puts <paramref name="headroom"/> zero bytes in front of the packet (bpf_skb_change_head), which become the MAC
    /// header's start, e.g. to give a packet without one an Ethernet header before redirecting it to an Ethernet
    /// device; the network header stays where it was. Returns 0, or -EINVAL when <paramref name="flags"/> is not 0 or
    /// the packet would pass the kernel's limit. Packet pointers are invalid afterwards.
    /// </summary>
    [BpfHelper(BpfHelper.SkbChangeHead)]
    public int ChangeHead(uint headroom, ulong flags = 0) => skb.ChangeHead(headroom, flags);

    /// <summary>
    /// Adds <paramref name="checksumDifference"/> (e.g. from <see cref="Bpf.CsumDiff"/> after direct packet writes) to the
    /// checksum of a CHECKSUM_COMPLETE packet (bpf_csum_update) and returns the new 32-bit checksum; -ENOTSUPP (524)
    /// for any other packet. Managed: packets are CHECKSUM_NONE, as BPF_PROG_TEST_RUN makes them, so it returns -ENOTSUPP.
    /// </summary>
    [BpfHelper(BpfHelper.CsumUpdate)]
    public long ChecksumUpdate(uint checksumDifference) => SkbChecksumState.Update();

    /// <summary>
    /// Reads or changes how many checksums of the packet the stack counts as verified (bpf_csum_level), e.g. after
    /// <see cref="AdjustRoom"/> with <see cref="AdjustRoomFlags.NoChecksumReset"/> added or removed an encapsulation:
    /// 0 after a change, the level for <see cref="ChecksumLevelOperation.Query"/> (-EACCES when the packet is not
    /// CHECKSUM_UNNECESSARY), -EINVAL for another operation.
    /// </summary>
    [BpfHelper(BpfHelper.CsumLevel)]
    public long ChecksumLevel(ChecksumLevelOperation operation) => skb.Checksum.Apply(operation);

    /// <summary>
    /// Clears the packet's flow hash (bpf_set_hash_invalid) after the program rewrote the fields it is computed from,
    /// so that the stack computes it again when it needs it; <see cref="Hash"/> reads 0 until then.
    /// </summary>
    [BpfHelper(BpfHelper.SetHashInvalid)]
    public void InvalidateHash() => skb.ClearHash();

    /// <summary>
    /// Marks an ECN-capable IPv4 or IPv6 packet Congestion Experienced (bpf_skb_ecn_set_ce), updating the IPv4 header
    /// checksum: 1 when the packet is marked (now or already), 0 when it is not ECN-capable, not IP or too short.
    /// </summary>
    [BpfHelper(BpfHelper.SkbEcnSetCe)]
    public int SetEcnCongestionExperienced() => skb.SetEcnCongestionExperienced();

    /// <summary>
    /// The packet's timestamp (skb->tstamp) in nanoseconds on <see cref="TimestampType"/>'s clock. At TC ingress a
    /// delivery time (monotonic or TAI) reads as 0 unless the program also reads <see cref="TimestampType"/>; managed
    /// execution, like the test run, is not at ingress. Managed: the initializer's value (0 by default), then what
    /// <see cref="SetTimestamp"/> set.
    /// </summary>
    public ulong Timestamp { [BpfIntrinsic("__sk_buff.tstamp")] get => timestamp; init => timestamp = value; }

    /// <summary>The clock of <see cref="Timestamp"/> (<c>__sk_buff.tstamp_type</c>, Linux 6.11+).</summary>
    public TimestampClock TimestampType { [BpfIntrinsic("__sk_buff.tstamp_type")] get => timestampClock; init => timestampClock = value; }

    /// <summary>
    /// Sets the packet's timestamp and its clock (bpf_skb_set_tstamp), e.g. a monotonic delivery time for the fq
    /// qdisc's pacing. Returns 0, -EOPNOTSUPP (95) when the packet is not IPv4 or IPv6, or -EINVAL for an unknown
    /// clock or a delivery time of 0.
    /// </summary>
    [BpfHelper(BpfHelper.SkbSetTstamp)]
    public int SetTimestamp(ulong time, TimestampClock clock)
    {
        const uint IPv4 = 0x0008, IPv6 = 0xDD86;
        if (skb.Protocol is not (IPv4 or IPv6))
        {
            return -Errno.EOPNOTSUPP;
        }

        if (clock is not (TimestampClock.Realtime or TimestampClock.Monotonic or TimestampClock.Tai) || (clock != TimestampClock.Realtime && time == 0))
        {
            return -Errno.EINVAL;
        }

        timestamp = time;
        timestampClock = clock;
        return 0;
    }

    /// <summary>
    /// The realm of the packet's route (bpf_get_route_realm): the route's <c>realm</c> (<c>ip route ... realm N</c>,
    /// source realm in the high 16 bits, destination realm in the low), which the packet carries once it is routed, so
    /// at TC egress; 0 for a packet not routed yet (TC ingress, the test run) or a route without one. Managed: <see cref="RouteRealm"/>.
    /// </summary>
    [BpfHelper(BpfHelper.GetRouteRealm)]
    public uint GetRouteRealm() => RouteRealm;

    /// <summary>The realm of the packet's route that <see cref="GetRouteRealm"/> returns (managed only); 0, no route, by default.</summary>
    public uint RouteRealm { get; set; }

    /// <summary>
    /// The IPsec state at <paramref name="index"/> of the packet's security path (bpf_skb_get_xfrm_state): the states
    /// the packet was decrypted through, outermost first. Returns 0, or -EINVAL with <paramref name="state"/> zeroed when
    /// the packet has no such state (one not received through IPsec has none) or <paramref name="flags"/> is not 0.
    /// Managed: the states come from <see cref="SecurityPath"/>.
    /// </summary>
    [BpfIntrinsic("xfrm_state.get", Helper = BpfHelper.SkbGetXfrmState)]
    public int GetXfrmState(uint index, out XfrmState state, ulong flags = 0)
    {
        const ushort IPv6Family = 10;
        state = default;
        if (index >= SecurityPath.Count || flags != 0)
        {
            return -Errno.EINVAL;
        }

        var entry = SecurityPath[(int)index];
        state.RequestId = entry.RequestId;
        state.Spi = entry.Spi;
        state.Family = entry.Family;
        int words = entry.Family == IPv6Family ? 4 : 1;
        for (int i = 0; i < words; i++)
        {
            state.RemoteIPv6[i] = entry.RemoteIPv6[i];
        }

        return 0;
    }

    /// <summary>The IPsec states the packet was received through, for <see cref="GetXfrmState"/> (managed only); none by default.</summary>
    public IReadOnlyList<XfrmState> SecurityPath { get; set; } = [];

    /// <summary>
    /// Gives the tunnel information that <see cref="SetTunnelKey"/> set options (bpf_skb_set_tunnel_opt): the
    /// <paramref name="size"/> bytes at <paramref name="options"/>, which a collect-metadata tunnel device sends in its
    /// header (Geneve options, or VXLAN's group policy in a 4-byte <c>struct vxlan_metadata</c>). Returns 0, -EINVAL
    /// before <see cref="SetTunnelKey"/> or for a size that is not a multiple of 4, or -ENOMEM over 255 bytes. The
    /// size must be a constant the verifier sees.
    /// </summary>
    [BpfHelper(BpfHelper.SkbSetTunnelOpt)]
    public int SetTunnelOptions(void* options, int size) => TunnelMetadata.SetOptions(tunnel, new ReadOnlySpan<byte>(options, size));

    /// <summary>
    /// Copies the packet's tunnel options (bpf_skb_get_tunnel_opt) to <paramref name="options"/>, zeros after them:
    /// returns their length, -ENOENT when the packet has none, or -ENOMEM when <paramref name="size"/> is shorter;
    /// <paramref name="options"/> is zeroed on error. The size must be a constant the verifier sees. Managed: only
    /// what <see cref="SetTunnelOptions"/> set.
    /// </summary>
    [BpfHelper(BpfHelper.SkbGetTunnelOpt)]
    public int GetTunnelOptions(void* options, int size) => TunnelMetadata.GetOptions(tunnel, new Span<byte>(options, size));

    /// <summary>
    /// Sends a copy of the packet as it is now to interface <paramref name="ifindex"/> (bpf_clone_redirect), out of it
    /// or, with <paramref name="ingress"/>, into it, while the program goes on with the original (which it may change
    /// and then pass, drop or redirect). Returns what the device answered (0 when it took the copy), or -EINVAL for an
    /// interface that does not exist. Packet pointers are invalid afterwards. Managed: the copy and its target are
    /// added to <see cref="Clones"/>, and the device's answer comes from <see cref="Devices"/>.
    /// </summary>
    [BpfHelper(BpfHelper.CloneRedirect)]
    public int CloneRedirect(uint ifindex, bool ingress = false)
    {
        if (!Devices.TryGetValue(ifindex, out int answer))
        {
            return -Errno.EINVAL;
        }

        clones.Add(new ClonedPacket(ifindex, ingress, buffer.ToArray()));
        return answer;
    }

    /// <summary>
    /// The interfaces that exist for <see cref="CloneRedirect"/> (managed only), each with what it answers a copy sent to
    /// it in the direction the program sends it: 0 when it takes it, 1 (NET_XMIT_DROP, NET_RX_DROP) or 2 (NET_XMIT_CN, what
    /// the queue of a device that is down answers) when it drops it. By default the loopback device (1), up, where
    /// BPF_PROG_TEST_RUN puts a TC packet.
    /// </summary>
    public IReadOnlyDictionary<uint, int> Devices { get; set; } = new Dictionary<uint, int> { [1] = 0 };

    /// <summary>The copies <see cref="CloneRedirect"/> sent, in order (managed only).</summary>
    public IReadOnlyList<ClonedPacket> Clones => clones;
}
