namespace TraitsBpf;

/// <summary>
/// The collect-metadata tunnel information of an sk_buff (<c>struct ip_tunnel_info</c>, transmit mode) as
/// bpf_skb_set_tunnel_key stores it and bpf_skb_get_tunnel_key reads it back (net/core/filter.c, Linux 6.12):
/// the key's remote address becomes the tunnel's destination and reads back as its <em>local</em> address,
/// since the reading side sees the tunnel from the receiver's end. The SDK always passes the whole
/// 44-byte key, so the kernel's shorter compatibility layouts do not arise.
/// </summary>
internal sealed unsafe class TunnelMetadata
{
    // IP_TUNNEL_*_BIT of include/uapi/linux/if_tunnel.h, as the kernel's 16-bit tunnel flags.
    private const ushort ChecksumBit = 1 << 0, KeyBit = 1 << 2, SequenceBit = 1 << 3, DontFragmentBit = 1 << 8, NoCacheBit = 1 << 13;
    private const uint FlowLabelMask = 0x000FFFFF;

    // ip_tunnel_set_options_present: the Geneve, VXLAN, ERSPAN and GTP option bits (PFCP's is past the 16 a key reports).
    private const ushort OptionsPresentBits = 1 << 11 | 1 << 12 | 1 << 14 | 1 << 15;

    /// <summary>IP_TUNNEL_OPTS_MAX: the options' length is a byte.</summary>
    private const int MaxOptionsLength = 255;

    private TunnelKey stored;
    private bool ipv6;
    private ushort flags;
    private byte[] options = [];

    /// <summary>bpf_skb_set_tunnel_key.</summary>
    public static int Set(ref TunnelMetadata? metadata, in TunnelKey key, SetTunnelKeyFlags keyFlags)
    {
        const SetTunnelKeyFlags Known = SetTunnelKeyFlags.IPv6 | SetTunnelKeyFlags.ZeroChecksum | SetTunnelKeyFlags.DontFragment
            | SetTunnelKeyFlags.SequenceNumber | SetTunnelKeyFlags.NoTunnelKey;
        if ((keyFlags & ~Known) != 0)
        {
            return -Errno.EINVAL;
        }

        bool isIPv6 = (keyFlags & SetTunnelKeyFlags.IPv6) != 0;
        if ((!isIPv6 && key.TunnelLabel != 0) || key.TunnelFlags != 0)
        {
            return -Errno.EINVAL;
        }

        var info = new TunnelMetadata { ipv6 = isIPv6 };
        info.flags = (ushort)(NoCacheBit
            | ((keyFlags & SetTunnelKeyFlags.DontFragment) != 0 ? DontFragmentBit : 0)
            | ((keyFlags & SetTunnelKeyFlags.ZeroChecksum) == 0 ? ChecksumBit : 0)
            | ((keyFlags & SetTunnelKeyFlags.SequenceNumber) != 0 ? SequenceBit : 0)
            | ((keyFlags & SetTunnelKeyFlags.NoTunnelKey) == 0 ? KeyBit : 0));
        info.stored.TunnelId = key.TunnelId;
        info.stored.TunnelTos = key.TunnelTos;
        info.stored.TunnelTtl = key.TunnelTtl;
        int words = isIPv6 ? 4 : 1;
        for (int i = 0; i < words; i++)
        {
            // Stored as the tunnel's source (the key's local) and destination (the key's remote).
            info.stored.RemoteIPv6[i] = key.LocalIPv6[i];
            info.stored.LocalIPv6[i] = key.RemoteIPv6[i];
        }

        info.stored.TunnelLabel = isIPv6 ? key.TunnelLabel & FlowLabelMask : 0;
        metadata = info;
        return 0;
    }

    /// <summary>bpf_skb_get_tunnel_key: <paramref name="key"/> zeroed on every error.</summary>
    public static int Get(TunnelMetadata? metadata, out TunnelKey key, GetTunnelKeyFlags keyFlags)
    {
        key = default;
        if (metadata is null || (keyFlags & ~(GetTunnelKeyFlags.IPv6 | GetTunnelKeyFlags.Flags)) != 0)
        {
            return -Errno.EINVAL;
        }

        if (metadata.ipv6 != ((keyFlags & GetTunnelKeyFlags.IPv6) != 0))
        {
            return -Errno.EPROTO;
        }

        key = metadata.stored;
        key.TunnelFlags = (keyFlags & GetTunnelKeyFlags.Flags) != 0 ? (ushort)((metadata.flags >> 8) | (metadata.flags << 8)) : (ushort)0;
        return 0;
    }

    /// <summary>
    /// bpf_skb_set_tunnel_opt: only on the tunnel information <see cref="Set"/> gave the packet, a whole number of
    /// 32-bit words, at most 255 bytes; options of any length mark the key as carrying options.
    /// </summary>
    public static int SetOptions(TunnelMetadata? metadata, ReadOnlySpan<byte> from)
    {
        if (metadata is null || from.Length % sizeof(uint) != 0)
        {
            return -Errno.EINVAL;
        }

        if (from.Length > MaxOptionsLength)
        {
            return -Errno.ENOMEM;
        }

        metadata.options = from.ToArray();
        if (from.Length > 0)
        {
            metadata.flags |= OptionsPresentBits;
        }

        return 0;
    }

    /// <summary>
    /// bpf_skb_get_tunnel_opt: the options' length, with <paramref name="to"/> holding them and zeros after; -ENOENT
    /// when there are none, -ENOMEM when <paramref name="to"/> is shorter, <paramref name="to"/> zeroed on either.
    /// </summary>
    public static int GetOptions(TunnelMetadata? metadata, Span<byte> to)
    {
        int error = metadata is null || (metadata.flags & OptionsPresentBits) == 0 ? -Errno.ENOENT
            : to.Length < metadata.options.Length ? -Errno.ENOMEM
            : 0;
        to.Clear();
        if (error != 0)
        {
            return error;
        }

        metadata!.options.CopyTo(to);
        return metadata.options.Length;
    }
}
