namespace TraitsBpf.CompilerServices;

/// <summary>
/// The half of a stash entry's generation that the packet's own bytes give: a hash of the network header's length
/// field and of the last 16 bytes the network header's length reaches in the linear data, taken where the entry
/// was made and compared on every read. The other half, the data buffer's address, tells one sk_buff's buffer
/// from another; this tells one packet from the next in the same buffer at the same sk_buff address, which the
/// allocators hand out again at once (the NAPI cache, page_pool, the slab), so that an entry a free the reaper cannot
/// see left behind (docs/traits.md, "Generation") never passes for the next packet's.
/// </summary>
/// <remarks>
/// <para>
/// The bytes are chosen to stay put for one packet wherever the stash follows it and to differ between packets:
/// they sit at fixed places in the data buffer (the anchor, the network header's offset from <c>head</c> when the
/// entry was made), so headers pushed or pulled in front (a tunnel, a VLAN tag) do not move them; they exclude the
/// TTL or hop limit and the header checksum, which forwarding rewrites; and they end with the datagram, where a
/// payload ends (an AEAD tag, a sequence number, a timestamp option) rather than where flows look alike. The window
/// must lie inside the packet as it is now, from its mac header (or data) to its tail, so that bytes an earlier
/// packet left outside it never count.
/// </para>
/// <para>
/// A change of those bytes (a NAT rewriting a tiny datagram's addresses, a linearization moving the tail) reads
/// as no traits: a missing trait, never another packet's. Two packets alike in all those bytes at the same
/// sk_buff address and buffer, after a free no hook showed, are the one case it cannot tell apart.
/// </para>
/// </remarks>
internal static unsafe class StashFingerprint
{
    // skb->protocol is big-endian: ETH_P_IP and ETH_P_IPV6 as they read on a little-endian host.
    private const ushort Ipv4 = 0x0008;
    private const ushort Ipv6 = 0xDD86;
    private const uint NoMacHeader = 0xFFFF;
    private const ulong Window = 16;
    private const ulong Ipv6HeaderSize = 40;
    private const ulong Seed = Abi.TraitStoreFormat.MetaCheckSeed;

    // The verifier trusts a bounds check on a packet pointer only while its variable offset and the access end below
    // 64 KiB (MAX_PACKET_OFF); bytes further in are read through the kernel pointer.
    private const ulong MaxPacketOffset = 0x7FFF;

    /// <summary>Where a new entry anchors its fingerprint: the network header's offset from the data buffer's start.</summary>
    public static ulong Anchor(SkBuff* skb) => skb->NetworkHeader;

    /// <summary>The fingerprint of the sk_buff's packet at <paramref name="anchor"/> as it is now, never 0; 0 when the bytes cannot be read.</summary>
    public static ulong Of(SkBuff* skb, ulong anchor) => Of(skb, anchor, null, null);

    /// <summary>
    /// <see cref="Of(SkBuff*, ulong)"/> for a program that sees the packet as <c>[data, end)</c> from <c>skb->data</c>
    /// on (TC): the bytes inside it are read directly, which costs a fraction of <c>bpf_probe_read_kernel</c>, and
    /// only bytes outside it (the headers a decapsulation pulled) through the kernel pointer.
    /// </summary>
    public static ulong Of(SkBuff* skb, ulong anchor, byte* data, byte* end)
    {
        byte* head = skb->Head;
        ulong start = (ulong)(skb->Data - head);
        ulong mac = skb->MacHeader;
        if (mac != NoMacHeader && mac < start)
        {
            start = mac;
        }

        ushort protocol = skb->Protocol;
        ulong word = 0;
        ulong length = Window;
        if (protocol == Ipv4)
        {
            // Total length and identification.
            if (!ReadWord(skb, head, data, end, anchor + 2, &word))
            {
                return 0;
            }

            length = (word & 0xFF) << 8 | (word >> 8 & 0xFF);
        }
        else if (protocol == Ipv6)
        {
            // Payload length and next header, not the hop limit.
            if (!ReadWord(skb, head, data, end, anchor + 4, &word))
            {
                return 0;
            }

            word &= 0x00FFFFFF;
            length = Ipv6HeaderSize + ((word & 0xFF) << 8 | (word >> 8 & 0xFF));
        }

        ulong last = anchor + length;
        ulong tail = skb->Tail;
        if (last > tail)
        {
            last = tail;
        }

        if (last < start + Window)
        {
            return 0;
        }

        ulong* bytes = stackalloc ulong[2];
        if (!ReadWindow(skb, head, data, end, last - Window, bytes))
        {
            return 0;
        }

        ulong h = MetaTraitSeal.Mix(Seed ^ word ^ (ulong)protocol << 32);
        h = MetaTraitSeal.Mix(h ^ bytes[0]);
        return MetaTraitSeal.Mix(h ^ bytes[1]) | 1;
    }

    /// <summary>The packet pointer to the byte at <paramref name="offset"/> from <c>head</c> when <paramref name="size"/> bytes from there lie inside <c>[data, end)</c>, else null.</summary>
    private static byte* InPacket(SkBuff* skb, byte* head, byte* data, byte* end, ulong offset, int size)
    {
        if (data == null)
        {
            return null;
        }

        ulong from = (ulong)(skb->Data - head);
        if (offset < from || offset - from > MaxPacketOffset)
        {
            return null;
        }

        byte* at = data + (offset - from);
        return at + size <= end ? at : null;
    }

    /// <summary>The four bytes at <paramref name="offset"/> from <c>head</c>, as a little-endian number, into <paramref name="word"/>.</summary>
    private static bool ReadWord(SkBuff* skb, byte* head, byte* data, byte* end, ulong offset, ulong* word)
    {
        byte* at = InPacket(skb, head, data, end, offset, 4);
        if (at != null)
        {
            *word = *(uint*)at;
            return true;
        }

        uint value = 0;
        if (TraceContext.ProbeReadKernel(&value, 4, head + offset) != 0)
        {
            return false;
        }

        *word = value;
        return true;
    }

    /// <summary>The <see cref="Window"/> bytes at <paramref name="offset"/> from <c>head</c> into <paramref name="bytes"/>.</summary>
    private static bool ReadWindow(SkBuff* skb, byte* head, byte* data, byte* end, ulong offset, ulong* bytes)
    {
        byte* at = InPacket(skb, head, data, end, offset, (int)Window);
        if (at != null)
        {
            bytes[0] = *(ulong*)at;
            bytes[1] = *(ulong*)(at + 8);
            return true;
        }

        return TraceContext.ProbeReadKernel(bytes, (uint)Window, head + offset) == 0;
    }
}
