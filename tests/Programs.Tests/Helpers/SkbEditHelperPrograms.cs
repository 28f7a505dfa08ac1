namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>
/// Programs that call the sk_buff helpers beyond the packet's bytes (protocol, type, head room, relative loads,
/// checksum level, hash, ECN, timestamp, clone redirect) with arguments from the source MAC address (bytes 6 to 11),
/// so random packets try random calls; each returns the results and the state they changed.
/// </summary>
public static unsafe class SkbEditHelperPrograms
{
    private const int NetworkArea = -0x100000;

    /// <summary>What <see cref="RouteRealmAtEgress"/> saw: slot 0 counts IPv4 packets, slot 1 holds the last one's realm.</summary>
    public static readonly ArrayMap<long> RealmsSeen = new(2);

    /// <summary>
    /// What <see cref="ReadVxlanPolicy"/> saw: slot 0 counts packets, then the last one's bpf_skb_get_tunnel_opt result,
    /// its group policy, its bpf_skb_get_tunnel_key result, its tunnel id and its remote address.
    /// </summary>
    public static readonly ArrayMap<long> TunnelOptionsSeen = new(6);

    /// <summary>The VXLAN group policy <see cref="SetVxlanPolicy"/> sends.</summary>
    public const uint GroupPolicy = 0x1234;

    /// <summary>The VXLAN network id <see cref="SetVxlanPolicy"/> sends.</summary>
    public const uint VxlanId = 42;

    /// <summary>
    /// bpf_set_hash, then bpf_skb_change_proto to IPv6, IPv4, ARP or IPv6 with a flag (byte 6), then the result in the
    /// low 12 bits, skb->protocol above, and whether the hash survived in bit 12.
    /// </summary>
    [Tc("h_change_proto")]
    public static TcAction ChangeProtocol(TcContext ctx)
    {
        ctx.SetHash(0x5A5A);
        uint choice = ctx.LoadByte(6) & 3;
        ushort target = choice == 1 ? Net.Htons(0x0800) : choice == 2 ? Net.Htons(0x0806) : Net.Htons(0x86DD);
        int status = ctx.ChangeProtocol(target, choice == 3 ? 1UL : 0UL);
        return (TcAction)(((uint)status & 0xFFF) | (ctx.Hash == 0x5A5A ? 1u << 12 : 0) | ctx.Protocol << 16);
    }

    /// <summary>bpf_skb_change_type to the type in byte 6 (0 to 5); the result and the type after.</summary>
    [Tc("h_change_type")]
    public static TcAction ChangeType(TcContext ctx)
    {
        int status = ctx.ChangeType(ctx.LoadByte(6) % 6);
        return (TcAction)(((uint)status & 0xFFFF) | ctx.PacketType << 16);
    }

    /// <summary>
    /// bpf_skb_change_head of the room in byte 6 (times 4, or 0xFFFFFFF0 when byte 7 is 1, with a flag when it is 2),
    /// then reads relative to the network header (bpf_skb_load_bytes_relative and a classic load at SKF_NET_OFF) and
    /// to the MAC header at the offset in byte 8 (before the change); the length after goes into the result.
    /// </summary>
    [Tc("h_change_head")]
    public static TcAction ChangeHead(TcContext ctx)
    {
        uint mode = ctx.LoadByte(7) % 3;
        uint macOffset = ctx.LoadByte(8);
        uint room = mode == 1 ? 0xFFFFFFF0 : ctx.LoadByte(6) * 4;
        int status = ctx.ChangeHead(room, mode == 2 ? 1UL : 0UL);
        uint network = 0;
        int fromNetwork = ctx.LoadBytesRelative(0, &network, sizeof(uint), HeaderStart.Network);
        uint mac = 0;
        int fromMac = ctx.LoadBytesRelative(macOffset, &mac, sizeof(ushort), HeaderStart.Mac);
        uint classic = ctx.LoadByte(NetworkArea);
        return (TcAction)(((uint)status & 0xFF) ^ ((uint)fromNetwork & 0xFF) << 8 ^ ((uint)fromMac & 0xFF) << 16 ^ network ^ mac << 7 ^ classic << 24 ^ ctx.Length << 20);
    }

    /// <summary>bpf_skb_load_bytes_relative of 4 bytes at the offset in bytes 6 and 7 from the header in byte 8 (0 to 2; 2 is not a header).</summary>
    [Tc("h_load_relative")]
    public static TcAction LoadBytesRelative(TcContext ctx)
    {
        uint offset = ctx.LoadHalf(6);
        offset = offset >= 0xFF00 ? offset << 8 : offset % 160;
        uint word = 0xA5A5A5A5;
        int status = ctx.LoadBytesRelative(offset, &word, sizeof(uint), (HeaderStart)(ctx.LoadByte(8) % 3));
        return (TcAction)(status == 0 ? word : 0xFFFF0000 | (uint)-status);
    }

    /// <summary>
    /// Four bpf_csum_level operations (two bits of byte 6 each), a bpf_skb_adjust_room of 8 bytes at the MAC header
    /// before the last, without or with BPF_F_ADJ_ROOM_NO_CSUM_RESET (byte 7: none, without, with), and a bpf_csum_update
    /// of the word at byte 8; each result in a byte of the result, the level query's in the top one.
    /// </summary>
    [Tc("h_csum_level")]
    public static TcAction ChecksumLevel(TcContext ctx)
    {
        uint ops = ctx.LoadByte(6);
        uint adjust = ctx.LoadByte(7) % 3;
        uint results = 0;
        for (int i = 0; i < 4; i++)
        {
            if (i == 3 && adjust != 0)
            {
                ctx.AdjustRoom(8, AdjustRoomMode.Mac, adjust == 2 ? AdjustRoomFlags.NoChecksumReset : AdjustRoomFlags.None);
            }

            long level = ctx.ChecksumLevel((ChecksumLevelOperation)((ops >> (2 * i)) & 3));
            results = results << 6 ^ (uint)level & 0x3F;
        }

        long update = ctx.ChecksumUpdate(ctx.LoadWord(8));
        long invalid = ctx.ChecksumLevel((ChecksumLevelOperation)(4 + (ops & 1)));
        long query = ctx.ChecksumLevel(ChecksumLevelOperation.Query);
        return (TcAction)(results ^ (uint)update << 8 ^ (uint)invalid << 16 ^ (uint)query << 24);
    }

    /// <summary>bpf_set_hash of the word at byte 6, then bpf_set_hash_invalid; returns the hash before and after.</summary>
    [Tc("h_hash_invalid")]
    public static TcAction InvalidateHash(TcContext ctx)
    {
        ctx.SetHash(ctx.LoadWord(6));
        uint before = ctx.Hash;
        ctx.InvalidateHash();
        return (TcAction)(before ^ ctx.Hash << 1);
    }

    /// <summary>
    /// Up to three bpf_skb_vlan_push (byte 6 modulo 4: a tag pushed into the packet changes where the kernel looks for
    /// the protocol), then bpf_skb_ecn_set_ce; the result and the protocol.
    /// </summary>
    [Tc("h_ecn")]
    public static TcAction SetEcnCongestionExperienced(TcContext ctx)
    {
        uint pushes = ctx.LoadByte(6) % 4;
        if (pushes > 0)
        {
            ctx.VlanPush(Net.Htons(0x8100), 1);
        }

        if (pushes > 1)
        {
            ctx.VlanPush(Net.Htons(0x8100), 2);
        }

        if (pushes > 2)
        {
            ctx.VlanPush(Net.Htons(0x8100), 3);
        }

        int marked = ctx.SetEcnCongestionExperienced();
        return (TcAction)((uint)marked ^ ctx.Protocol << 8);
    }

    /// <summary>
    /// bpf_skb_set_tstamp of the word at byte 6 (0 when byte 10 is even) on the clock in byte 11 (0 to 3); the result,
    /// then the timestamp's type and low bits.
    /// </summary>
    [Tc("h_tstamp")]
    public static TcAction SetTimestamp(TcContext ctx)
    {
        ulong time = (ctx.LoadByte(10) & 1) != 0 ? ctx.LoadWord(6) : 0;
        int status = ctx.SetTimestamp(time, (TimestampClock)(ctx.LoadByte(11) & 3));
        return (TcAction)(((uint)status & 0xFF) | (uint)ctx.TimestampType << 8 | (uint)ctx.Timestamp << 12);
    }

    /// <summary>
    /// bpf_clone_redirect to the interface in byte 6, into it when byte 7 is odd; the original's first byte is then
    /// inverted. Returns the result.
    /// </summary>
    [Tc("h_clone_redirect")]
    public static TcAction CloneRedirect(TcContext ctx)
    {
        int status = ctx.CloneRedirect(ctx.LoadByte(6), (ctx.LoadByte(7) & 1) != 0);
        byte first = (byte)~ctx.LoadByte(0);
        ctx.StoreBytes(0, &first, 1);
        return (TcAction)status;
    }

    /// <summary>
    /// A socket filter's bpf_skb_load_bytes_relative of 4 bytes from the network header at the offset in byte 0 (the
    /// test run's socket filter packet starts there), modulo 64; the word, or the error in the top bits.
    /// </summary>
    [SocketFilter("h_sock_load_relative")]
    public static uint SocketLoadBytesRelative(SocketContext ctx)
    {
        uint word = 0xA5A5A5A5;
        int status = ctx.LoadBytesRelative(ctx.LoadByte(0) % 64, &word, sizeof(uint), HeaderStart.Network);
        return status == 0 ? word : 0xFFFF0000 | (uint)-status;
    }

    /// <summary>
    /// bpf_skb_get_tunnel_opt and bpf_skb_set_tunnel_opt before any tunnel key, then (when byte 6 has bit 2) a tunnel
    /// key, options of 4, 8, 16 or 6 bytes (byte 6's low bits) from the packet's bytes 18 to 33, and a read of them into
    /// 16 bytes or 4 (byte 7 odd or even), written over bytes 14 to 29, and the key's flags over bytes 30 and 31; the four results.
    /// </summary>
    [Tc("h_tunnel_opt")]
    public static TcAction TunnelOptions(TcContext ctx)
    {
        var read = default(SixteenBytes);
        var input = default(SixteenBytes);
        int before = ctx.GetTunnelOptions(&read, sizeof(SixteenBytes));
        int early = ctx.SetTunnelOptions(&input, 4);
        uint mode = ctx.LoadByte(6);
        if ((mode & 4) != 0)
        {
            TunnelKey key = default;
            key.TunnelId = ctx.LoadWord(14);
            key.RemoteIPv4 = ctx.LoadWord(34);
            ctx.SetTunnelKey(in key);
        }

        input.Low = ctx.LoadWord(18) | (ulong)ctx.LoadWord(22) << 32;
        input.High = ctx.LoadWord(26) | (ulong)ctx.LoadWord(30) << 32;
        int set = (mode & 3) switch
        {
            0 => ctx.SetTunnelOptions(&input, 4),
            1 => ctx.SetTunnelOptions(&input, 8),
            2 => ctx.SetTunnelOptions(&input, 16),
            _ => ctx.SetTunnelOptions(&input, 6),
        };
        int got = (ctx.LoadByte(7) & 1) != 0 ? ctx.GetTunnelOptions(&read, sizeof(SixteenBytes)) : ctx.GetTunnelOptions(&read, 4);
        ctx.GetTunnelKey(out TunnelKey readKey, GetTunnelKeyFlags.Flags);
        ushort flags = readKey.TunnelFlags;
        ctx.StoreBytes(14, &read, sizeof(SixteenBytes));
        ctx.StoreBytes(30, &flags, sizeof(ushort));
        return (TcAction)(((uint)before & 0xFF) | ((uint)early & 0xFF) << 8 | ((uint)set & 0xFF) << 16 | ((uint)got & 0xFF) << 24);
    }

    private struct SixteenBytes
    {
        public ulong Low;
        public ulong High;
    }

    /// <summary>bpf_get_route_realm of the packet.</summary>
    [Tc("h_route_realm")]
    public static TcAction RouteRealm(TcContext ctx) => (TcAction)ctx.GetRouteRealm();

    /// <summary>At TC egress, where an IPv4 packet has been routed: counts IPv4 packets and keeps the last one's route realm.</summary>
    [Tc("h_route_realm_egress", TcDirection.Egress)]
    public static TcAction RouteRealmAtEgress(TcContext ctx)
    {
        if (ctx.Protocol != Net.Htons(0x0800))
        {
            return TcAction.Ok;
        }

        long* count = RealmsSeen.Lookup(0);
        long* realm = RealmsSeen.Lookup(1);
        if (count != null && realm != null)
        {
            *count += 1;
            *realm = ctx.GetRouteRealm();
        }

        return TcAction.Ok;
    }

    /// <summary>
    /// bpf_skb_get_xfrm_state of the state at the index in byte 6 (0 to 2) with the flags in byte 7 (0 or 1); the state
    /// read is written over bytes 14 to 41 and the result returned.
    /// </summary>
    [Tc("h_xfrm_state")]
    public static TcAction XfrmStateOf(TcContext ctx)
    {
        int status = ctx.GetXfrmState(ctx.LoadByte(6) % 3, out XfrmState state, ctx.LoadByte(7) & 1);
        ctx.StoreBytes(14, &state, sizeof(XfrmState));
        return (TcAction)status;
    }

    /// <summary>
    /// At the egress of a collect-metadata VXLAN device with group policy: tunnels every packet to 10.201.0.2 with
    /// VNI <see cref="VxlanId"/> and group policy <see cref="GroupPolicy"/> (a 4-byte <c>struct vxlan_metadata</c>).
    /// </summary>
    [Tc("h_vxlan_gbp_set", TcDirection.Egress)]
    public static TcAction SetVxlanPolicy(TcContext ctx)
    {
        TunnelKey key = default;
        key.TunnelId = VxlanId;
        key.RemoteIPv4 = 0x0AC90002;
        key.TunnelTtl = 64;
        uint policy = GroupPolicy;
        if (ctx.SetTunnelKey(in key) == 0)
        {
            ctx.SetTunnelOptions(&policy, sizeof(uint));
        }

        return TcAction.Ok;
    }

    /// <summary>At the ingress of the receiving VXLAN device: the tunnel options and key of each packet, into <see cref="TunnelOptionsSeen"/>.</summary>
    [Tc("h_vxlan_gbp_get")]
    public static TcAction ReadVxlanPolicy(TcContext ctx)
    {
        uint policy = 0;
        int length = ctx.GetTunnelOptions(&policy, sizeof(uint));
        int keyStatus = ctx.GetTunnelKey(out TunnelKey key);
        long* count = TunnelOptionsSeen.Lookup(0);
        if (count != null)
        {
            *count += 1;
        }

        Remember(1, length);
        Remember(2, policy);
        Remember(3, keyStatus);
        Remember(4, key.TunnelId);
        Remember(5, key.RemoteIPv4);
        return TcAction.Ok;
    }

    private static void Remember(uint slot, long value)
    {
        long* cell = TunnelOptionsSeen.Lookup(slot);
        if (cell != null)
        {
            *cell = value;
        }
    }
}
