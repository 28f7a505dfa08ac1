namespace TraitsBpf.CompilerServices;

/// <summary>
/// The half of a stash entry's generation that the packet's own bytes give: a hash of the network header's length
/// field and of the last 16 bytes the datagram has in the linear data, taken where the entry was made and compared
/// on every read. The other half, the data buffer's address, tells one sk_buff's buffer from another; this tells
/// one packet from the next in the same buffer at the same sk_buff address, which the allocators hand out again at
/// once (the NAPI cache, page_pool, the slab), so that an entry a free the reaper cannot see left behind
/// (docs/traits.md, "Generation") never passes for the next packet's.
/// </summary>
/// <remarks>
/// <para>
/// Where the bytes are is the entry's place (<see cref="Place"/>): the network header's offset from <c>head</c> and
/// the window's end offset, fixed when the entry is made, so that headers pushed or pulled in front (a tunnel, a
/// VLAN tag) and pulls of paged data do not move them. The family comes from the version nibble at the anchor, not
/// from <c>skb->protocol</c>, which an IPv6-in-IPv4 tunnel changes. The bytes leave out what forwarding rewrites (TTL
/// or hop limit, the header checksum) and end with the datagram, where a payload ends (an AEAD tag, a sequence
/// number, a timestamp option) rather than where flows look alike. The window must lie inside the packet as it is
/// now, from its mac header (or data) to its tail, so that bytes an earlier packet left outside it never count.
/// </para>
/// <para>
/// A fingerprint is never 0; 0 means the bytes cannot be read or the window does not fit (an IPv4 BIG TCP packet's
/// length field is 0), and never matches. A change of the bytes for one packet (a NAT rewriting a packet whose last
/// 16 bytes hold its L4 checksum, as a pure TCP ACK's do) reads as no traits: a missing trait, never another
/// packet's. Two packets alike in all those bytes in the same buffer, after a free no hook showed, are the one case
/// it cannot tell apart.
/// </para>
/// </remarks>
internal static unsafe class StashFingerprint
{
    private const uint NoMacHeader = 0xFFFF;
    private const ulong Window = 16;
    private const ulong Ipv4MinLength = 20;
    private const ulong Ipv6HeaderSize = 40;
    private const ulong Seed = Abi.TraitStoreFormat.MetaCheckSeed;

    // The verifier trusts a bounds check on a packet pointer only while its variable offset and the access end below
    // 64 KiB (MAX_PACKET_OFF); bytes further in are read through the kernel pointer.
    private const ulong MaxPacketOffset = 0x7FFF;

    /// <summary>
    /// Where a new entry's fingerprint reads the sk_buff's packet as it is now: the network header's offset from the
    /// data buffer's start (bits 0-15) and the window's end offset (bits 16-31); 0 when no window fits.
    /// </summary>
    public static ulong Place(SkBuff* skb, byte* data, byte* end)
    {
        byte* head = skb->Head;
        ulong anchor = skb->NetworkHeader;
        ulong header = 0;
        if (!ReadHeader(skb, head, data, end, anchor, &header))
        {
            return 0;
        }

        ulong length = DatagramLength(header);
        if (length == 0)
        {
            return 0;
        }

        ulong last = anchor + length;
        ulong tail = skb->Tail;
        if (last > tail)
        {
            last = tail;
        }

        if (last > 0xFFFF || last < Start(skb, head) + Window)
        {
            return 0;
        }

        return anchor | last << 16;
    }

    /// <summary>The fingerprint of the sk_buff's packet at <paramref name="place"/> (<see cref="Place"/>) as it is now; 0 when it cannot be taken there.</summary>
    public static ulong Of(SkBuff* skb, ulong place) => Of(skb, place, null, null);

    /// <summary>
    /// <see cref="Of(SkBuff*, ulong)"/> for a program that sees the packet as <c>[data, end)</c> from <c>skb->data</c>
    /// on (TC): the bytes inside it are read directly, which costs a fraction of <c>bpf_probe_read_kernel</c>, and
    /// only bytes outside it (the headers a decapsulation pulled) through the kernel pointer.
    /// </summary>
    public static ulong Of(SkBuff* skb, ulong place, byte* data, byte* end)
    {
        if (place == 0)
        {
            return 0;
        }

        byte* head = skb->Head;
        ulong anchor = place & 0xFFFF;
        ulong last = place >> 16 & 0xFFFF;
        if (last > skb->Tail || last < Start(skb, head) + Window)
        {
            return 0;
        }

        ulong header = 0;
        if (!ReadHeader(skb, head, data, end, anchor, &header))
        {
            return 0;
        }

        ulong* bytes = stackalloc ulong[2];
        if (!ReadWindow(skb, head, data, end, last - Window, bytes))
        {
            return 0;
        }

        ulong h = MetaTraitSeal.Mix(Seed ^ LengthWord(header));
        h = MetaTraitSeal.Mix(h ^ bytes[0]);
        return MetaTraitSeal.Mix(h ^ bytes[1]) | 1;
    }

    /// <summary>The bytes the datagram at an anchor spans by its header (8 bytes of it, little-endian): IPv4's total length, IPv6's payload length and header, 16 for another protocol; 0 for none.</summary>
    private static ulong DatagramLength(ulong header)
    {
        ulong version = header >> 4 & 0xF;
        if (version == 4)
        {
            ulong length = (header >> 16 & 0xFF) << 8 | (header >> 24 & 0xFF);
            return length < Ipv4MinLength ? 0 : length;
        }

        if (version == 6)
        {
            return Ipv6HeaderSize + ((header >> 32 & 0xFF) << 8 | (header >> 40 & 0xFF));
        }

        return Window;
    }

    /// <summary>
    /// The header bytes the fingerprint covers, with the version nibble: IPv4's total length and identification,
    /// IPv6's payload length and next header (not the TTL or hop limit, which forwarding rewrites).
    /// </summary>
    private static ulong LengthWord(ulong header)
    {
        ulong version = header >> 4 & 0xF;
        if (version == 4)
        {
            return version << 60 | (header >> 16 & 0xFFFFFFFF);
        }

        return version == 6 ? version << 60 | (header >> 32 & 0xFFFFFF) : version << 60;
    }

    /// <summary>Where the packet starts now, as an offset from <c>head</c>: its mac header, or its data when that is further back.</summary>
    private static ulong Start(SkBuff* skb, byte* head)
    {
        ulong start = (ulong)(skb->Data - head);
        ulong mac = skb->MacHeader;
        return mac != NoMacHeader && mac < start ? mac : start;
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

    /// <summary>The 8 header bytes at <paramref name="offset"/> from <c>head</c>, as a little-endian number, into <paramref name="header"/>.</summary>
    private static bool ReadHeader(SkBuff* skb, byte* head, byte* data, byte* end, ulong offset, ulong* header)
    {
        byte* at = InPacket(skb, head, data, end, offset, 8);
        if (at != null)
        {
            *header = *(ulong*)at;
            return true;
        }

        return TraceContext.ProbeReadKernel(header, 8, head + offset) == 0;
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
