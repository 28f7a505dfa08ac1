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
    public const int HeaderSize = Abi.TraitStoreFormat.HeaderSize;

    /// <summary>A store never grows beyond this many bytes, header included.</summary>
    public const int MaxSize = Abi.TraitStoreFormat.MaxSize;

    /// <summary>The highest key.</summary>
    private const ulong MaxKey = Abi.TraitKeys.Max;

    /// <summary>The largest value, in bytes.</summary>
    private const int MaxValueSize = Abi.TraitValueSizes.Max;

    /// <summary>Bytes of values a full store holds.</summary>
    private const int MaxValuesSize = Abi.TraitStoreFormat.MaxValuesSize;

    private const ulong NoExist = Abi.TraitStoreFormat.NoExist;
    private const ulong Exist = Abi.TraitStoreFormat.Exist;

    /// <summary>
    /// The size code of a value of s bytes in bits 3s..3s+2, for s up to 16: 1 for 0 bytes, 2, 3,
    /// 4 and 5 for 2, 4, 8 and 16 bytes, 0 (invalid) for every other size.
    /// </summary>
    private const ulong CodeOfSize = 1UL | 2UL << 6 | 3UL << 12 | 4UL << 24 | 5UL << 48;

    /// <summary>The value size of code c in bits 5c..5c+4 (codes 6 and 7 are never written; they read as 10 and 20).</summary>
    private const ulong SizeOfCode = 2UL << 10 | 4UL << 15 | 8UL << 20 | 16UL << 25 | 10UL << 30 | 20UL << 35;

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
        int code = Code(plane0, plane1, plane2, k);
        if (code == 0)
        {
            return -Errno.ENOENT;
        }

        int length = SizeOf(code);
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
        return CopyValue((byte*)value, source, code, source, end) ? length : -Errno.EINVAL;
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
        int code = CodeOf(size);
        if (!ValidArguments(key, code, flags))
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
        int oldCode = Code(plane0, plane1, plane2, k);
        if (oldCode != 0)
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

        // Sums only, no differences: the verifier would take a difference of two bounded
        // values for a possibly negative one, which no pointer may be offset by.
        int oldLength = SizeOf(oldCode);
        ulong bit = 1UL << k;
        ulong lower = bit - 1;
        ulong higher = ~(lower | bit);
        int offset = HeaderSize + ValuesLength(plane0, plane1 & lower, plane2 & lower);
        int tail = ValuesLength(plane0, plane1 & higher, plane2 & higher);
        int newTotal = offset + size + tail;
        if (newTotal > MaxSize || store + newTotal > end || store + HeaderSize > end)
        {
            return -Errno.ENOSPC;
        }

        // Each part is at most the total: bounding them again changes nothing here, but tells the
        // verifier, which bounds an access to a map value (the stash backend's store) by the range
        // of its offset alone, where no comparison with end teaches it anything.
        offset = AtMostMaxSize(offset);
        tail = AtMostMaxSize(tail);

        // The values of higher keys, tail bytes after the old value, move to follow the new one.
        // The moves get pointers of their own (not at + n): the verifier learns bounds per
        // pointer, and bounds learnt inside a loop would differ at every exit and keep it from
        // merging the exits into one state.
        byte* at = store + offset;
        if (size > oldLength)
        {
            MoveUp(store + (offset + oldLength), store + (offset + size), tail, end);
        }
        else if (size < oldLength)
        {
            MoveDown(store + (offset + oldLength), store + (offset + size), tail, end);
        }

        if (!CopyValue(at, (byte*)value, code, at, end))
        {
            return -Errno.ENOSPC;
        }

        // The header is re-read rather than kept in registers across the moves, which never touch it.
        // Each plane's new bit is a product with bit, not a shift by k: with the size a constant,
        // the compiler folds (c & 1) * bit to 0 or bit, where it keeps a shift of 0 by k (and its
        // masked count), eight instructions per inlined set.
        ulong c = (ulong)code;
        *(ulong*)store = (*(ulong*)store & ~bit) | ((c & 1) * bit);
        *(ulong*)(store + 8) = (*(ulong*)(store + 8) & ~bit) | (((c >> 1) & 1) * bit);
        *(ulong*)(store + 16) = (*(ulong*)(store + 16) & ~bit) | ((c >> 2) * bit);
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
        int length = SizeOf(Code(plane0, plane1, plane2, k));
        ulong bit = 1UL << k;
        if (((plane0 | plane1 | plane2) & bit) == 0)
        {
            return -Errno.ENOENT;
        }

        if (length != 0)
        {
            ulong lower = bit - 1;
            ulong higher = ~(lower | bit);
            // Bounded for the verifier as in Set: an offset beyond MaxSize is beyond end for every caller, so the move stops at once either way.
            int offset = AtMostMaxSize(HeaderSize + ValuesLength(plane0, plane1 & lower, plane2 & lower));
            MoveDown(store + (offset + length), store + offset, ValuesLength(plane0, plane1 & higher, plane2 & higher), end);
        }

        *(ulong*)store = *(ulong*)store & ~bit;
        *(ulong*)(store + 8) = *(ulong*)(store + 8) & ~bit;
        *(ulong*)(store + 16) = *(ulong*)(store + 16) & ~bit;
        return 0;
    }

    /// <summary><paramref name="n"/>, or <see cref="MaxSize"/> when it is larger.</summary>
    private static int AtMostMaxSize(int n) => n > MaxSize ? MaxSize : n;

    /// <summary>What get and delete return where there is no store: -EINVAL for a key over 63, else -ENOENT.</summary>
    internal static int Absent(ulong key) => key > MaxKey ? -Errno.EINVAL : -Errno.ENOENT;

    /// <summary>
    /// What set returns where no store may be placed, with set's order of checks: -EINVAL for a bad
    /// key, size or flags, -ENOENT for <c>BPF_F_TRAIT_EXIST</c> (every key is absent), else -ENOSPC.
    /// </summary>
    internal static int Unplaced(ulong key, int size, ulong flags)
    {
        if (!ValidArguments(key, CodeOf(size), flags))
        {
            return -Errno.EINVAL;
        }

        return (flags & Exist) != 0 ? -Errno.ENOENT : -Errno.ENOSPC;
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

    /// <summary>The size code of a value of <paramref name="size"/> bytes; 0 (invalid) for a size that is not a value's.</summary>
    private static int CodeOf(int size) => (uint)size > MaxValueSize ? 0 : (int)((CodeOfSize >> (3 * size)) & 7);

    /// <summary>Whether set's arguments are valid: a key up to 63, a value's size code, and at most one known flag.</summary>
    private static bool ValidArguments(ulong key, int code, ulong flags) =>
        key <= MaxKey && code != 0 && flags <= Exist && flags != (NoExist | Exist);

    /// <summary>Key <paramref name="k"/>'s 3-bit size code: 0 absent, 1 flag, 2–5 for 2, 4, 8 and 16 bytes.</summary>
    private static int Code(ulong plane0, ulong plane1, ulong plane2, int k) =>
        (int)(((plane0 >> k) & 1) | (((plane1 >> k) & 1) << 1) | (((plane2 >> k) & 1) << 2));

    /// <summary>
    /// The value size of a size code, looked up in <see cref="SizeOfCode"/>: the mask after the
    /// variable shift gives the verifier a bound (it keeps none through a shift by a variable).
    /// </summary>
    private static int SizeOf(int code) => (int)((SizeOfCode >> (5 * code)) & 31);

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

    /// <summary>
    /// The number of set bits of each byte of <paramref name="x"/>, in that byte. The nibble step
    /// subtracts three times the upper 2-bit count (a + 4b - 3b = a + b) so that it needs its
    /// 64-bit mask once, not twice.
    /// </summary>
    private static ulong ByteCounts(ulong x)
    {
        x -= (x >> 1) & Lanes2;
        x -= ((x >> 2) & Lanes4) * 3;
        return (x + (x >> 4)) & Lanes8;
    }

    /// <summary>
    /// Copies a value of size code <paramref name="code"/> (1–5: 0, 2, 4, 8 or 16 bytes) with loads
    /// and stores of its own width. <paramref name="inStore"/> is whichever of the two pointers is
    /// in the store (the other is the caller's buffer): it alone is bounded by <paramref name="end"/>.
    /// False, copying nothing, when it would pass <paramref name="end"/> or the code is not a value's.
    /// </summary>
    /// <remarks>
    /// A dense switch on the code, not tests of the length: it costs a handful of comparisons,
    /// and with a constant code the verifier follows only the one case.
    /// </remarks>
    private static bool CopyValue(byte* destination, byte* source, int code, byte* inStore, byte* end)
    {
        switch (code)
        {
            case 1:
                return true;
            case 2:
                if (inStore + 2 > end)
                {
                    return false;
                }

                *(ushort*)destination = *(ushort*)source;
                return true;
            case 3:
                if (inStore + 4 > end)
                {
                    return false;
                }

                *(uint*)destination = *(uint*)source;
                return true;
            case 4:
                if (inStore + 8 > end)
                {
                    return false;
                }

                *(ulong*)destination = *(ulong*)source;
                return true;
            case 5:
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

        // The rest's pointers are taken before the loop, so that source and destination are dead
        // after it and the loop's exits, which know different bounds for them, merge.
        byte* from = source + whole;
        byte* to = destination + whole;
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
