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

    /// <summary>skb_network_offset, which every helper here keeps at ETH_HLEN.</summary>
    private const int NetworkOffset = 14;

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

        return shrink ? Shrink(offset, (int)magnitude, flags) : Grow(offset, (int)magnitude, flags);
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

    /// <summary>bpf_skb_pull_data: the whole packet is linear here, so only a length past the packet fails.</summary>
    public int PullData(int length) => (uint)length > (uint)buffer.Length ? -Errno.ENOMEM : 0;
}
