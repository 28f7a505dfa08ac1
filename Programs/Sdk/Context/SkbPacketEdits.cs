using System.Buffers.Binary;

namespace TraitsBpf;

/// <summary>
/// The sk_buff state the TC helpers change beside the bytes (skb->protocol, the offloaded VLAN tag,
/// the software hash, whether the packet is encapsulated) and the helpers themselves, with the kernel's
/// checks and results (net/core/filter.c and net/core/skbuff.c of Linux 6.12) as they play out on the
/// sk_buff BPF_PROG_TEST_RUN builds for a TC program: the link-layer header at the packet's start, the
/// network header 14 bytes in, no transport header, no GSO.
/// </summary>
internal sealed unsafe class SkbPacketEdits(PacketBuffer buffer, uint protocol)
{
    /// <summary>BPF_SKB_MAX_LEN (SKB_MAX_ALLOC on x86-64: four pages less the shared info).</summary>
    private const int MaxLength = (4096 << 2) - PacketBuffer.SharedInfoSize;

    /// <summary>ETH_HLEN: where the test run puts the network header, and the least offset a VLAN pop leaves it at.</summary>
    private const int EthernetHeaderLength = 14;

    /// <summary>The IPv6 header less the IPv4 header: what bpf_skb_change_proto adds or removes.</summary>
    private const int IPv6GrowthOverIPv4 = 20;

    private const int VlanHeaderLength = 4;

    // EtherTypes as skb->protocol holds them: network order read as a little-endian number.
    private const uint IPv4 = 0x0008, IPv6 = 0xDD86, Vlan8021Q = 0x0081, Vlan8021AD = 0xA888;

    private const ulong EncapL2Length = 0xFFUL << 56;
    private const AdjustRoomFlags EncapL3 = AdjustRoomFlags.EncapL3IPv4 | AdjustRoomFlags.EncapL3IPv6;
    private const AdjustRoomFlags DecapL3 = AdjustRoomFlags.DecapL3IPv4 | AdjustRoomFlags.DecapL3IPv6;

    /// <summary>skb->protocol.</summary>
    public uint Protocol { get; set; } = protocol;

    /// <summary>The offloaded VLAN tag's protocol (network order), 0 when none.</summary>
    public uint VlanProto { get; set; }

    /// <summary>The offloaded VLAN tag control information, host order.</summary>
    public uint VlanTci { get; set; }

    /// <summary>__sk_buff.vlan_present: whether skb->vlan_all is non-zero.</summary>
    public uint VlanPresent => VlanProto != 0 || VlanTci != 0 ? 1u : 0u;

    /// <summary>skb->hash.</summary>
    public uint Hash { get; set; }

    /// <summary>Whether the hash was set (bpf_set_hash or the context's initializer), so bpf_get_hash_recalc returns it.</summary>
    public bool HashIsSet { get; set; }

    private bool encapsulated;

    /// <summary>
    /// skb_network_offset, which is also skb_mac_header_len here since the MAC header is always at the packet's start:
    /// ETH_HLEN, until bpf_skb_change_head puts room in front of the MAC header.
    /// </summary>
    public int NetworkOffset { get; private set; } = EthernetHeaderLength;

    /// <summary>skb->mac_len: 0 as the test run leaves it, the MAC header's length once a helper resets it.</summary>
    private int macLength;

    /// <summary>skb->ip_summed and skb->csum_level, which bpf_csum_level and bpf_skb_adjust_room change.</summary>
    public SkbChecksumState Checksum { get; } = new();

    /// <summary>bpf_skb_load_bytes: 0, or -EFAULT with the destination zeroed.</summary>
    public int LoadBytes(int offset, void* to, int length)
    {
        if (offset < 0 || length <= 0 || (long)offset + length > buffer.Length)
        {
            new Span<byte>(to, Math.Max(length, 0)).Clear();
            return -Errno.EFAULT;
        }

        new ReadOnlySpan<byte>(buffer.Data + offset, length).CopyTo(new Span<byte>(to, length));
        return 0;
    }

    /// <summary>bpf_skb_adjust_room.</summary>
    public int AdjustRoom(int delta, AdjustRoomMode mode, AdjustRoomFlags flags)
    {
        const AdjustRoomFlags Known = AdjustRoomFlags.FixedGso | EncapL3 | AdjustRoomFlags.EncapL4Gre | AdjustRoomFlags.EncapL4Udp
            | AdjustRoomFlags.NoChecksumReset | AdjustRoomFlags.EncapL2Ethernet | DecapL3 | (AdjustRoomFlags)EncapL2Length;
        uint magnitude = (uint)Math.Abs((long)delta);
        bool shrink = delta < 0;
        if ((flags & ~Known) != 0)
        {
            return -Errno.EINVAL;
        }

        if (magnitude > 0xFFF)
        {
            return -Errno.EFAULT;
        }

        if (Protocol is not (IPv4 or IPv6))
        {
            return -Errno.ENOTSUPP;
        }

        int networkHeaderLength = Protocol == IPv4 ? 20 : 40;
        int offset = mode switch
        {
            AdjustRoomMode.Mac => NetworkOffset,
            AdjustRoomMode.Net => NetworkOffset + networkHeaderLength,
            _ => -1,
        };
        if (offset < 0)
        {
            return -Errno.ENOTSUPP;
        }

        int minimum = networkHeaderLength;
        if ((flags & DecapL3) != 0)
        {
            if (!shrink || (flags & DecapL3) == DecapL3)
            {
                return -Errno.EINVAL;
            }

            minimum = (flags & AdjustRoomFlags.DecapL3IPv4) != 0 ? 20 : 40;
        }

        long current = buffer.Length - NetworkOffset;
        if ((shrink && (magnitude >= current || current - magnitude < minimum)) || (!shrink && buffer.Length + magnitude > MaxLength))
        {
            return -Errno.ENOTSUPP;
        }

        int result = shrink ? Shrink(offset, (int)magnitude, flags) : Grow(offset, (int)magnitude, flags);
        if (result == 0 && (flags & AdjustRoomFlags.NoChecksumReset) == 0)
        {
            Checksum.ResetUnnecessary();
        }

        return result;
    }

    private int Shrink(int offset, int length, AdjustRoomFlags flags)
    {
        if ((flags & ~(AdjustRoomFlags.FixedGso | DecapL3 | AdjustRoomFlags.NoChecksumReset)) != 0)
        {
            return -Errno.EINVAL;
        }

        if (offset + length > buffer.Length)
        {
            return -Errno.ENOMEM;
        }

        buffer.Remove(offset, length);
        SwitchNetworkProtocol(flags, AdjustRoomFlags.DecapL3IPv4, AdjustRoomFlags.DecapL3IPv6);
        return 0;
    }

    private int Grow(int offset, int length, AdjustRoomFlags flags)
    {
        bool encapsulating = (flags & EncapL3) != 0;
        if (encapsulating)
        {
            int innerMacLength = (int)((ulong)flags >> 56);
            if ((flags & EncapL3) == EncapL3
                || (flags & (AdjustRoomFlags.EncapL4Gre | AdjustRoomFlags.EncapL4Udp)) == (AdjustRoomFlags.EncapL4Gre | AdjustRoomFlags.EncapL4Udp)
                || ((flags & AdjustRoomFlags.EncapL2Ethernet) != 0 && innerMacLength < 14))
            {
                return -Errno.EINVAL;
            }

            if (encapsulated)
            {
                return -Errno.EALREADY;
            }

            if (innerMacLength > length)
            {
                return -Errno.EINVAL;
            }
        }

        buffer.Insert(offset, length);
        if (encapsulating)
        {
            encapsulated = true;
            SwitchNetworkProtocol(flags, AdjustRoomFlags.EncapL3IPv4, AdjustRoomFlags.EncapL3IPv6);
        }

        return 0;
    }

    /// <summary>bpf_skb_change_protocol as adjust room calls it: the outer network protocol the flags name.</summary>
    private void SwitchNetworkProtocol(AdjustRoomFlags flags, AdjustRoomFlags toIPv4, AdjustRoomFlags toIPv6)
    {
        if (Protocol == IPv4 && (flags & toIPv6) != 0)
        {
            Protocol = IPv6;
        }
        else if (Protocol == IPv6 && (flags & toIPv4) != 0)
        {
            Protocol = IPv4;
        }
    }

    /// <summary>bpf_skb_vlan_push: the new tag is offloaded; one already offloaded moves into the packet first.</summary>
    public int VlanPush(ushort protocolNetworkOrder, ushort tci)
    {
        uint vlanProtocol = protocolNetworkOrder is (ushort)Vlan8021Q or (ushort)Vlan8021AD ? protocolNetworkOrder : Vlan8021Q;
        if (VlanPresent != 0)
        {
            buffer.Insert(12, VlanHeaderLength);
            *(ushort*)(buffer.Data + 12) = (ushort)VlanProto;
            BinaryPrimitives.WriteUInt16BigEndian(new Span<byte>(buffer.Data + 14, 2), (ushort)VlanTci);
            Protocol = VlanProto;
        }

        VlanProto = vlanProtocol;
        VlanTci = tci;
        macLength = NetworkOffset;
        return 0;
    }

    /// <summary>bpf_skb_vlan_pop: the offloaded tag, else the one in the packet; a further tag in the packet becomes the offloaded one.</summary>
    public int VlanPop()
    {
        if (VlanPresent != 0)
        {
            VlanProto = 0;
            VlanTci = 0;
        }
        else
        {
            if (!IsVlan(Protocol))
            {
                return 0;
            }

            int error = PopPacketTag(out _);
            if (error != 0)
            {
                return error;
            }
        }

        if (!IsVlan(Protocol))
        {
            return 0;
        }

        uint outerProtocol = Protocol;
        int popped = PopPacketTag(out ushort innerTci);
        if (popped != 0)
        {
            return popped;
        }

        VlanProto = outerProtocol;
        VlanTci = innerTci;
        return 0;
    }

    private static bool IsVlan(uint protocol) => protocol is Vlan8021Q or Vlan8021AD;

    /// <summary>__skb_vlan_pop: takes the tag after the MAC addresses out; skb->protocol becomes the encapsulated one.</summary>
    private int PopPacketTag(out ushort tci)
    {
        const int VlanEthernetHeaderLength = 18;
        tci = 0;
        if (buffer.Length < VlanEthernetHeaderLength)
        {
            return -Errno.ENOMEM;
        }

        tci = BinaryPrimitives.ReadUInt16BigEndian(new ReadOnlySpan<byte>(buffer.Data + 14, 2));
        ushort encapsulatedProtocol = *(ushort*)(buffer.Data + 16);
        buffer.Remove(12, VlanHeaderLength);
        NetworkOffset = Math.Max(NetworkOffset - VlanHeaderLength, EthernetHeaderLength);
        macLength = NetworkOffset;

        // vlan_set_encap_proto: a length rather than an EtherType means 802.3 (raw IPX, 0xFFFF next) or 802.2.
        const ushort Ieee8023 = 0x0100, Ieee8022 = 0x0400;
        Protocol = BinaryPrimitives.ReverseEndianness(encapsulatedProtocol) >= 0x0600 ? encapsulatedProtocol
            : buffer.Length >= 16 && *(ushort*)(buffer.Data + 14) == 0xFFFF ? Ieee8023 : Ieee8022;
        return 0;
    }

    /// <summary>bpf_skb_change_tail: grows with zeros or trims to <paramref name="length"/>.</summary>
    public int ChangeTail(uint length, ulong flags)
    {
        if (flags != 0 || length > MaxLength || length < NetworkOffset)
        {
            return -Errno.EINVAL;
        }

        if (encapsulated)
        {
            return -Errno.ENOTSUPP;
        }

        buffer.Resize((int)length);
        return 0;
    }

    /// <summary>
    /// bpf_skb_load_bytes_relative: <paramref name="length"/> bytes at <paramref name="offset"/> from the header at
    /// <paramref name="headerOffset"/> (relative to the packet's first byte; null for an unknown header), within the
    /// linear data; 0, or -EFAULT with the destination zeroed.
    /// </summary>
    public int LoadBytesRelative(int? headerOffset, uint offset, void* to, int length)
    {
        if (offset > 0xFFFF || headerOffset is not { } first || first + offset + length > buffer.Length)
        {
            new Span<byte>(to, length).Clear();
            return -Errno.EFAULT;
        }

        new ReadOnlySpan<byte>(buffer.Data + first + offset, length).CopyTo(new Span<byte>(to, length));
        return 0;
    }

    /// <summary>
    /// bpf_skb_change_proto: IPv4 to IPv6 puts 20 zero bytes in front of the network header, IPv6 to IPv4 takes the
    /// 20 bytes there away; the program rewrites the header. The hash is cleared. -EINVAL for flags, -ENOTSUPP for
    /// any other pair of protocols, -ENOMEM when an IPv6 packet is shorter than the bytes to remove.
    /// </summary>
    public int ChangeProtocol(ushort protocolNetworkOrder, ulong flags)
    {
        if (flags != 0)
        {
            return -Errno.EINVAL;
        }

        if (Protocol == IPv4 && protocolNetworkOrder == IPv6)
        {
            buffer.Insert(NetworkOffset, IPv6GrowthOverIPv4);
        }
        else if (Protocol == IPv6 && protocolNetworkOrder == IPv4)
        {
            if (buffer.Length < NetworkOffset + IPv6GrowthOverIPv4)
            {
                return -Errno.ENOMEM;
            }

            buffer.Remove(NetworkOffset, IPv6GrowthOverIPv4);
        }
        else
        {
            return -Errno.ENOTSUPP;
        }

        Protocol = protocolNetworkOrder;
        ClearHash();
        return 0;
    }

    /// <summary>
    /// bpf_skb_change_head: <paramref name="headroom"/> zero bytes in front of the packet, which become the start of the
    /// MAC header; the network header stays where it was. -EINVAL for flags or a packet over the kernel's limit.
    /// </summary>
    public int ChangeHead(uint headroom, ulong flags)
    {
        uint length = (uint)buffer.Length + headroom;
        if (flags != 0 || length > MaxLength || length < (uint)buffer.Length)
        {
            return -Errno.EINVAL;
        }

        buffer.Insert(0, (int)headroom);
        NetworkOffset += (int)headroom;
        macLength = NetworkOffset;
        return 0;
    }

    /// <summary>skb_clear_hash (bpf_set_hash_invalid, and the helpers that change the protocol).</summary>
    public void ClearHash()
    {
        Hash = 0;
        HashIsSet = false;
    }

    /// <summary>
    /// bpf_skb_ecn_set_ce: marks an ECN-capable IPv4 or IPv6 packet Congestion Experienced (the IPv4 checksum updated
    /// as the kernel does it); 1 when the packet is marked now or already was, 0 when it is not ECN-capable, too short
    /// or not IP. VLAN tags in the packet are skipped to find the protocol, but the header changed is the one at the
    /// network offset, as in the kernel.
    /// </summary>
    public int SetEcnCongestionExperienced()
    {
        const int EcnMask = 3;
        uint protocol = ProtocolPastVlanTags();
        int headerLength = protocol == IPv4 ? 20 : protocol == IPv6 ? 40 : 0;
        if (headerLength == 0 || buffer.Length < headerLength || NetworkOffset + headerLength > buffer.Length)
        {
            return 0;
        }

        byte* header = buffer.Data + NetworkOffset;
        if (protocol == IPv4)
        {
            int ecn = (header[1] + 1) & EcnMask;
            if ((ecn & 2) == 0)
            {
                return ecn == 0 ? 1 : 0;
            }

            // The checksum gains 0xFFFB + ecn as the kernel adds it: 16-bit big-endian values added as native numbers.
            ushort addend = (ushort)(BinaryPrimitives.ReverseEndianness((ushort)0xFFFB) + BinaryPrimitives.ReverseEndianness((ushort)ecn));
            ushort* check = (ushort*)(header + 10);
            ushort sum = (ushort)(*check + addend);
            *check = (ushort)(sum + (sum < addend ? 1 : 0));
            header[1] |= EcnMask;
            return 1;
        }

        uint first = BinaryPrimitives.ReadUInt32BigEndian(new ReadOnlySpan<byte>(header, 4));
        if ((first >> 20 & EcnMask) == 0)
        {
            return 0;
        }

        BinaryPrimitives.WriteUInt32BigEndian(new Span<byte>(header, 4), first | EcnMask << 20);
        return 1;
    }

    /// <summary>
    /// vlan_get_protocol: skb->protocol, or for a VLAN protocol the EtherType after the tags in the packet, read from
    /// skb->mac_len less a tag (ETH_HLEN while it is 0); 0 for a packet that ends inside them or has eight or more.
    /// </summary>
    private uint ProtocolPastVlanTags()
    {
        const int MaxVlanDepth = 8;
        uint protocol = Protocol;
        if (!IsVlan(protocol))
        {
            return protocol;
        }

        int depth = macLength != 0 ? macLength - VlanHeaderLength : EthernetHeaderLength;
        int remaining = MaxVlanDepth;
        do
        {
            if (depth + VlanHeaderLength > buffer.Length || --remaining == 0)
            {
                return 0;
            }

            protocol = *(ushort*)(buffer.Data + depth + 2);
            depth += VlanHeaderLength;
        }
        while (IsVlan(protocol));

        return protocol;
    }

    /// <summary>bpf_skb_pull_data: the whole packet is linear here, so only a length past the packet fails.</summary>
    public int PullData(int length) => (uint)length > (uint)buffer.Length ? -Errno.ENOMEM : 0;
}
