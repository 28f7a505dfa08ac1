namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>
/// Programs that call the TC packet helpers and XDP's byte helpers with arguments taken from the packet
/// (the source MAC address carries them: byte 6, 7, 8 and 9), so random packets try random calls. Each
/// returns what the helpers returned and the context state they changed, and leaves the changed packet.
/// </summary>
public static unsafe class SkbHelperPrograms
{
    /// <summary>bpf_skb_load_bytes of 4 bytes at the offset in byte 6 (past the end on short packets).</summary>
    [Tc("h_skb_load_bytes")]
    public static TcAction LoadBytes(TcContext ctx)
    {
        uint word = 0xA5A5A5A5;
        int status = ctx.LoadBytes((int)ctx.LoadByte(6), &word, sizeof(uint));
        return (TcAction)(status == 0 ? word : 0xFFFF0000 | (uint)-status);
    }

    /// <summary>
    /// bpf_skb_adjust_room with the length change in byte 6, the mode in byte 7 and the flags in bytes 8 and 9;
    /// returns the result in the low 12 bits (an errno is below 4096) and skb->protocol above.
    /// </summary>
    [Tc("h_adjust_room")]
    public static TcAction AdjustRoom(TcContext ctx)
    {
        int delta = (sbyte)ctx.LoadByte(6);
        uint mode = ctx.LoadByte(7) % 3;
        uint flags = ctx.LoadHalf(8) & 0x1FF;
        int status = ctx.AdjustRoom(delta, (AdjustRoomMode)mode, (AdjustRoomFlags)flags);
        return (TcAction)(((uint)status & 0xFFF) | ctx.Protocol << 16);
    }

    /// <summary>
    /// Four VLAN operations, two bits of byte 6 each (none, push 802.1Q, push 802.1ad or a protocol that
    /// means 802.1Q, pop), TCIs from byte 7; returns the or of their results with the offloaded tag and the protocol.
    /// </summary>
    [Tc("h_vlan")]
    public static TcAction Vlan(TcContext ctx)
    {
        uint ops = ctx.LoadByte(6);
        uint tci = ctx.LoadByte(7);
        int status = 0;
        for (int i = 0; i < 4; i++)
        {
            uint op = (ops >> (2 * i)) & 3;
            if (op == 1)
            {
                status |= ctx.VlanPush(Net.Htons(0x8100), (ushort)(tci + i));
            }
            else if (op == 2)
            {
                status |= ctx.VlanPush((tci & 1) == 0 ? Net.Htons(0x88A8) : Net.Htons(0x0800), (ushort)(tci * 16 + i));
            }
            else if (op == 3)
            {
                status |= ctx.VlanPop();
            }
        }

        uint tag = ctx.VlanPresent << 31 | ctx.VlanTci << 16 | (ctx.VlanProto ^ ctx.Protocol);
        return (TcAction)(tag ^ (uint)status);
    }

    /// <summary>bpf_skb_change_tail to the length in bytes 6 and 7 (modulo 600).</summary>
    [Tc("h_change_tail")]
    public static TcAction ChangeTail(TcContext ctx)
    {
        uint length = ctx.LoadHalf(6) % 600;
        int status = ctx.ChangeTail(length);
        return (TcAction)((uint)status ^ ctx.Length << 16);
    }

    /// <summary>bpf_skb_pull_data of the length in bytes 6 and 7 (modulo 300), then a direct read of the first byte.</summary>
    [Tc("h_pull_data")]
    public static TcAction PullData(TcContext ctx)
    {
        int status = ctx.PullData((int)(ctx.LoadHalf(6) % 300));
        byte* data = ctx.Data;
        if (data + 1 > ctx.DataEnd)
        {
            return TcAction.Shot;
        }

        return (TcAction)((uint)status ^ (uint)data[0] << 24);
    }

    /// <summary>bpf_set_hash of the word at byte 6, then bpf_get_hash_recalc and the context's hash.</summary>
    [Tc("h_hash")]
    public static TcAction Hash(TcContext ctx)
    {
        int status = ctx.SetHash(ctx.LoadWord(6));
        return (TcAction)(ctx.GetHashRecalc() ^ ctx.Hash ^ (uint)status ^ ctx.GetHashRecalc() << 1);
    }

    /// <summary>bpf_check_mtu on the packet's own interface with the length in bytes 6 and 7, the change in byte 8 and the flags in byte 9.</summary>
    [Tc("h_check_mtu")]
    public static TcAction CheckMtu(TcContext ctx)
    {
        uint mtu = ctx.LoadHalf(6);
        mtu = mtu >= 0xF000 ? mtu << 16 : mtu;
        int delta = (sbyte)ctx.LoadByte(8) * 600;
        int status = ctx.CheckMtu(0, ref mtu, delta, (CheckMtuFlags)(ctx.LoadByte(9) & 3));
        return (TcAction)((uint)status ^ mtu << 4);
    }

    /// <summary>
    /// bpf_skb_get_tunnel_key before any is set, bpf_skb_set_tunnel_key of a key made of the packet's bytes 14
    /// to 49 with TOS, TTL, label and flags from bytes 6 to 9, then bpf_skb_get_tunnel_key with the flags in
    /// byte 10; the key read back is written over bytes 14 to 57 and the three results are returned.
    /// </summary>
    [Tc("h_tunnel_key")]
    public static TcAction TunnelKeys(TcContext ctx)
    {
        int none = ctx.GetTunnelKey(out TunnelKey absent);
        TunnelKey key = default;
        key.TunnelId = ctx.LoadWord(14);
        for (int i = 0; i < 4; i++)
        {
            key.RemoteIPv6[i] = ctx.LoadWord(18 + 4 * i);
            key.LocalIPv6[i] = ctx.LoadWord(34 + 4 * i);
        }

        key.TunnelTos = (byte)ctx.LoadByte(6);
        key.TunnelTtl = (byte)ctx.LoadByte(7);
        uint options = ctx.LoadByte(8);
        key.TunnelLabel = (options & 1) != 0 ? ctx.LoadWord(50) : 0;
        key.TunnelFlags = (ushort)((options & 2) != 0 ? 1 : 0);
        int set = ctx.SetTunnelKey(in key, (SetTunnelKeyFlags)(ctx.LoadByte(9) & 0x3F));
        int got = ctx.GetTunnelKey(out TunnelKey read, (GetTunnelKeyFlags)(ctx.LoadByte(10) & 0x13));
        int stored = ctx.StoreBytes(14, &read, sizeof(TunnelKey));
        return (TcAction)(((uint)none & 0xFF) | ((uint)set & 0xFF) << 8 | ((uint)got & 0xFF) << 16 | ((uint)stored & 0xFF) << 24 | absent.TunnelId);
    }

    /// <summary>bpf_redirect_peer to the interface in byte 6.</summary>
    [Tc("h_redirect_peer")]
    public static TcAction RedirectPeer(TcContext ctx) => ctx.RedirectPeer(ctx.LoadByte(6));

    /// <summary>bpf_redirect_neigh to the interface in byte 6.</summary>
    [Tc("h_redirect_neigh")]
    public static TcAction RedirectNeighbor(TcContext ctx) => ctx.RedirectNeighbor(ctx.LoadByte(6));

    /// <summary>
    /// bpf_xdp_check_mtu with the length in bytes 6 and 7, the change in byte 8 and the flags in byte 9; the
    /// results go into bytes 0 to 7, and bpf_xdp_get_buff_len's into bytes 8 and 9.
    /// </summary>
    [Xdp("h_xdp_check_mtu")]
    public static XdpAction XdpCheckMtu(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 14 > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        uint mtu = (uint)(data[6] << 8 | data[7]);
        mtu = mtu >= 0xF000 ? mtu << 16 : mtu;
        int delta = (sbyte)data[8] * 600;
        int status = ctx.CheckMtu(0, ref mtu, delta, data[9] & 1u);
        *(int*)data = status;
        *(uint*)(data + 4) = mtu;
        *(ushort*)(data + 8) = (ushort)ctx.BufferLength();
        return XdpAction.Pass;
    }

    /// <summary>bpf_xdp_load_bytes of 8 bytes at the offset in byte 6, then bpf_xdp_store_bytes of them, inverted, at the offset in byte 7.</summary>
    [Xdp("h_xdp_bytes")]
    public static XdpAction XdpBytes(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 8 > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        int from = data[6];
        int to = data[7];
        ulong value = 0x1122334455667788;
        int loaded = ctx.LoadBytes(from, &value, sizeof(ulong));
        value = ~value;
        int stored = ctx.StoreBytes(to, &value, sizeof(ulong));
        return loaded == 0 && stored == 0 ? XdpAction.Tx : loaded == -Errno.EINVAL || stored == -Errno.EINVAL ? XdpAction.Drop : XdpAction.Pass;
    }
}
