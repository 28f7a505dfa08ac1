namespace TraitsBpf;

/// <summary>
/// The packet trait store (docs/traits-abi.md) over raw memory: a 24-byte header of three
/// size-code planes followed by the values in ascending key order. The results are the
/// kernel's, byte for byte: the managed contexts use this code, and the compiler's meta
/// backend compiles it over the XDP metadata area (<c>store = data_meta</c>, <c>end = data</c>).
/// </summary>
/// <remarks>
/// Written for the BPF verifier as much as for the CLR: every load and store is preceded by a
/// comparison of its pointer against <c>end</c>, offsets are bounded before they are added to a
/// pointer, population counts are straight-line arithmetic, and moves are loops with constant
/// limits. A store whose header claims values beyond its room (only possible when something
/// other than this code wrote it) can give wrong answers but never makes an access outside
/// <c>[store, end)</c>.
/// </remarks>
public static unsafe class TraitStore
{
    /// <summary>Bytes of the header (three u64 planes) that starts every store.</summary>
    public const int HeaderSize = 24;

    /// <summary>A store never grows beyond this many bytes, header included.</summary>
    public const int MaxSize = 256;

    /// <summary>The highest key.</summary>
    private const ulong MaxKey = 63;

    /// <summary>The largest value, in bytes.</summary>
    private const int MaxValueSize = 16;

    /// <summary>Bytes of values a full store holds.</summary>
    private const int MaxValuesSize = MaxSize - HeaderSize;

    private const ulong NoExist = 1;
    private const ulong Exist = 2;

    /// <summary>Bit 0 of each 2-bit lane, bits 0–1 of each nibble, bits 0–3 of each byte.</summary>
    private const ulong Lanes2 = 0x5555555555555555UL;
    private const ulong Lanes4 = 0x3333333333333333UL;
    private const ulong Lanes8 = 0x0F0F0F0F0F0F0F0FUL;

    /// <summary>Multiplying byte counts by this sums them into the top byte.</summary>
    private const ulong ByteSum = 0x0101010101010101UL;

    /// <summary>
    /// Reads the value of <paramref name="key"/> into <paramref name="value"/>, a buffer of
    /// <paramref name="valueSize"/> bytes (bpf_*_trait_get).
    /// </summary>
    /// <param name="store">The first byte of the store (its header).</param>
    /// <param name="end">One past the last byte the store may occupy; less than a header's room reads as an empty store.</param>
    /// <param name="key">The key, 0 to 63.</param>
    /// <param name="value">Receives the value on success; untouched otherwise.</param>
    /// <param name="valueSize">The size of <paramref name="value"/>.</param>
    /// <returns>The value's size (0 for a flag); -ENOENT when absent, -EINVAL for a key over 63, -ENOSPC when the buffer is smaller than the value.</returns>
    public static int Get(byte* store, byte* end, ulong key, void* value, int valueSize)
    {
        if (key > MaxKey)
        {
            return -Errno.EINVAL;
        }

        if (store + HeaderSize > end)
        {
            return -Errno.ENOENT;
        }

        ulong plane0 = *(ulong*)store;
        ulong plane1 = *(ulong*)(store + 8);
        ulong plane2 = *(ulong*)(store + 16);
        int k = (int)key;
        if ((((plane0 | plane1 | plane2) >> k) & 1) == 0)
        {
            return -Errno.ENOENT;
        }

        int length = ValueLength(plane0, plane1, plane2, k);
        if (length > valueSize)
        {
            return -Errno.ENOSPC;
        }

        ulong lower = (1UL << k) - 1;
        int offset = HeaderSize + ValuesLength(plane0, plane1 & lower, plane2 & lower);
        if (offset > MaxSize)
        {
            return -Errno.EINVAL;
        }

        byte* source = store + offset;
        return CopyValue((byte*)value, source, length, source, end) ? length : -Errno.EINVAL;
    }

    /// <summary>
    /// Sets <paramref name="key"/> to the <paramref name="size"/> bytes at <paramref name="value"/>,
    /// moving the values of higher keys when the size changes (bpf_*_trait_set). A failure leaves
    /// the store as it was.
    /// </summary>
    /// <param name="store">The first byte of the store (its header); an all-zero header is an empty store.</param>
    /// <param name="end">One past the last byte the store may grow to (it also stops at <see cref="MaxSize"/> bytes).</param>
    /// <param name="key">The key, 0 to 63.</param>
    /// <param name="value">The value's bytes.</param>
    /// <param name="size">0 (a flag), 2, 4, 8 or 16.</param>
    /// <param name="flags">0, 1 (BPF_F_TRAIT_NOEXIST) or 2 (BPF_F_TRAIT_EXIST).</param>
    /// <returns>0; -EINVAL for a bad key, size or flags; -EEXIST or -ENOENT when the flags are not met; -ENOSPC when the store would outgrow its room.</returns>
    public static int Set(byte* store, byte* end, ulong key, void* value, int size, ulong flags)
    {
        int code = SizeCode(size);
        if (key > MaxKey || code == 0 || flags > Exist || flags == (NoExist | Exist))
        {
            return -Errno.EINVAL;
        }

        // Less room than a header reads as an empty store, on which every set runs out of space.
        ulong plane0 = 0;
        ulong plane1 = 0;
        ulong plane2 = 0;
        if (store + HeaderSize <= end)
        {
            plane0 = *(ulong*)store;
            plane1 = *(ulong*)(store + 8);
            plane2 = *(ulong*)(store + 16);
        }

        int k = (int)key;
        ulong bit = 1UL << k;
        if (((plane0 | plane1 | plane2) & bit) != 0)
        {
            if ((flags & NoExist) != 0)
            {
                return -Errno.EEXIST;
            }
        }
        else if ((flags & Exist) != 0)
        {
            return -Errno.ENOENT;
        }

        int oldLength = ValueLength(plane0, plane1, plane2, k);
        ulong lower = bit - 1;
        int offset = HeaderSize + ValuesLength(plane0, plane1 & lower, plane2 & lower);
        int total = offset + ValuesLength(plane0, plane1 & ~lower, plane2 & ~lower);
        int newTotal = total - oldLength + size;
        if (newTotal > MaxSize || store + newTotal > end)
        {
            return -Errno.ENOSPC;
        }

        if (store + HeaderSize > end)
        {
            return -Errno.ENOSPC;
        }

        // The values of higher keys: [offset + oldLength, total) moves to offset + size.
        byte* at = store + offset;
        int tail = total - offset - oldLength;
        if (size > oldLength)
        {
            MoveUp(at + oldLength, at + size, tail, end);
        }
        else if (size < oldLength)
        {
            MoveDown(at + oldLength, at + size, tail, end);
        }

        if (!CopyValue(at, (byte*)value, size, at, end))
        {
            return -Errno.ENOSPC;
        }

        ulong c = (ulong)code;
        *(ulong*)store = (plane0 & ~bit) | ((c & 1) << k);
        *(ulong*)(store + 8) = (plane1 & ~bit) | (((c >> 1) & 1) << k);
        *(ulong*)(store + 16) = (plane2 & ~bit) | ((c >> 2) << k);
        return 0;
    }

    /// <summary>Removes <paramref name="key"/>, moving the values of higher keys down over its value (bpf_*_trait_del).</summary>
    /// <param name="store">The first byte of the store (its header).</param>
    /// <param name="end">One past the last byte the store may occupy.</param>
    /// <param name="key">The key, 0 to 63.</param>
    /// <returns>0; -ENOENT when absent; -EINVAL for a key over 63.</returns>
    public static int Delete(byte* store, byte* end, ulong key)
    {
        if (key > MaxKey)
        {
            return -Errno.EINVAL;
        }

        if (store + HeaderSize > end)
        {
            return -Errno.ENOENT;
        }

        ulong plane0 = *(ulong*)store;
        ulong plane1 = *(ulong*)(store + 8);
        ulong plane2 = *(ulong*)(store + 16);
        int k = (int)key;
        ulong bit = 1UL << k;
        if (((plane0 | plane1 | plane2) & bit) == 0)
        {
            return -Errno.ENOENT;
        }

        int length = ValueLength(plane0, plane1, plane2, k);
        if (length != 0)
        {
            ulong lower = bit - 1;
            int offset = HeaderSize + ValuesLength(plane0, plane1 & lower, plane2 & lower);
            int total = offset + ValuesLength(plane0, plane1 & ~lower, plane2 & ~lower);
            byte* at = store + offset;
            MoveDown(at + length, at, total - offset - length, end);
        }

        *(ulong*)store = plane0 & ~bit;
        *(ulong*)(store + 8) = plane1 & ~bit;
        *(ulong*)(store + 16) = plane2 & ~bit;
        return 0;
    }

    /// <summary>The bytes a store takes, header and values (managed only: the contexts use it to bound the store).</summary>
    internal static int Size(byte* store) =>
        HeaderSize + ValuesLength(*(ulong*)store, *(ulong*)(store + 8), *(ulong*)(store + 16));

    /// <summary>
    /// Whether the <paramref name="length"/> bytes at <paramref name="store"/> are one whole store:
    /// a header with only valid size codes whose values end exactly at <paramref name="length"/>
    /// (managed only: checks stores handed to a context).
    /// </summary>
    internal static bool IsValid(byte* store, int length) =>
        length is >= HeaderSize and <= MaxSize
        && (*(ulong*)(store + 8) & *(ulong*)(store + 16)) == 0
        && Size(store) == length;

    /// <summary>The size code of a value of <paramref name="size"/> bytes; 0 for an invalid size.</summary>
    private static int SizeCode(int size)
    {
        switch (size)
        {
            case 0:
                return 1;
            case 2:
                return 2;
            case 4:
                return 3;
            case 8:
                return 4;
            case 16:
                return 5;
            default:
                return 0;
        }
    }

    /// <summary>
    /// The size of key <paramref name="k"/>'s value: plane1 is worth 2, plane2 8, and plane0
    /// doubles them. The doubling is an addition under a mask, not a shift: the verifier keeps
    /// the bounds of <c>x &amp; mask</c> but forgets everything about a shift by a variable.
    /// </summary>
    private static int ValueLength(ulong plane0, ulong plane1, ulong plane2, int k)
    {
        ulong length = ((plane1 >> k) & 1) * 2 + ((plane2 >> k) & 1) * 8;
        ulong doubled = 0 - ((plane0 >> k) & 1);
        return (int)(length + (length & doubled));
    }

    /// <summary>
    /// The bytes taken by the values of the keys whose bits are in <paramref name="plane1"/> and
    /// <paramref name="plane2"/> (already masked): 2·(|p1| + |p1∧p0|) + 8·(|p2| + |p2∧p0|). The four
    /// population counts share their last steps: pairs are summed per byte (at most 16 each)
    /// before one multiplication adds up the bytes of each pair.
    /// </summary>
    private static int ValuesLength(ulong plane0, ulong plane1, ulong plane2)
    {
        ulong twos = ByteCounts(plane1) + ByteCounts(plane1 & plane0);
        ulong eights = ByteCounts(plane2) + ByteCounts(plane2 & plane0);
        return (int)(((twos * ByteSum) >> 56) * 2 + ((eights * ByteSum) >> 56) * 8);
    }

    /// <summary>The number of set bits of each byte of <paramref name="x"/>, in that byte.</summary>
    private static ulong ByteCounts(ulong x)
    {
        x -= (x >> 1) & Lanes2;
        x = (x & Lanes4) + ((x >> 2) & Lanes4);
        return (x + (x >> 4)) & Lanes8;
    }

    /// <summary>
    /// Copies a value of <paramref name="length"/> bytes (0, 2, 4, 8 or 16) with loads and stores
    /// of its own width. <paramref name="inStore"/> is whichever of the two pointers is in the
    /// store (the other is the caller's buffer): it alone is bounded by <paramref name="end"/>.
    /// False, copying nothing, when it would pass <paramref name="end"/> or the length is not a
    /// value size.
    /// </summary>
    private static bool CopyValue(byte* destination, byte* source, int length, byte* inStore, byte* end)
    {
        switch (length)
        {
            case 0:
                return true;
            case 2:
                if (inStore + 2 > end)
                {
                    return false;
                }

                *(ushort*)destination = *(ushort*)source;
                return true;
            case 4:
                if (inStore + 4 > end)
                {
                    return false;
                }

                *(uint*)destination = *(uint*)source;
                return true;
            case 8:
                if (inStore + 8 > end)
                {
                    return false;
                }

                *(ulong*)destination = *(ulong*)source;
                return true;
            case MaxValueSize:
                if (inStore + MaxValueSize > end)
                {
                    return false;
                }

                *(ulong*)destination = *(ulong*)source;
                *(ulong*)(destination + 8) = *(ulong*)(source + 8);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Moves <paramref name="count"/> bytes (even, at most 232) from <paramref name="source"/> to a
    /// higher <paramref name="destination"/>, highest first, eight bytes at a time, then the two-
    /// and four-byte rest at the bottom. Each piece is loaded whole before it is stored, and the
    /// destination is at least two bytes higher, so no piece overwrites bytes still to be read.
    /// </summary>
    private static void MoveUp(byte* source, byte* destination, int count, byte* end)
    {
        int rest = count & 6;
        int whole = count & 0xF8;
        for (int i = 8; i <= MaxValuesSize; i += 8)
        {
            if (i > whole)
            {
                break;
            }

            int offset = (whole - i + rest) & 0xFF;
            byte* from = source + offset;
            byte* to = destination + offset;
            if (from + 8 > end || to + 8 > end)
            {
                return;
            }

            *(ulong*)to = *(ulong*)from;
        }

        if ((rest & 2) != 0)
        {
            byte* from = source + (rest & 4);
            byte* to = destination + (rest & 4);
            if (from + 2 > end || to + 2 > end)
            {
                return;
            }

            *(ushort*)to = *(ushort*)from;
        }

        if ((rest & 4) != 0)
        {
            if (source + 4 > end || destination + 4 > end)
            {
                return;
            }

            *(uint*)destination = *(uint*)source;
        }
    }

    /// <summary>
    /// Moves <paramref name="count"/> bytes (even, at most 232) from <paramref name="source"/> to a
    /// lower <paramref name="destination"/>, lowest first, eight bytes at a time, then the four-
    /// and two-byte rest at the top.
    /// </summary>
    private static void MoveDown(byte* source, byte* destination, int count, byte* end)
    {
        int whole = count & 0xF8;
        for (int i = 0; i < MaxValuesSize; i += 8)
        {
            if (i >= whole)
            {
                break;
            }

            if (source + i + 8 > end || destination + i + 8 > end)
            {
                return;
            }

            *(ulong*)(destination + i) = *(ulong*)(source + i);
        }

        byte* from = source + whole;
        byte* to = destination + whole;
        if ((count & 4) != 0)
        {
            if (from + 4 > end || to + 4 > end)
            {
                return;
            }

            *(uint*)to = *(uint*)from;
            from += 4;
            to += 4;
        }

        if ((count & 2) != 0)
        {
            if (from + 2 > end || to + 2 > end)
            {
                return;
            }

            *(ushort*)to = *(ushort*)from;
        }
    }
}
