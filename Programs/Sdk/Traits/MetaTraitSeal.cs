namespace TraitsBpf;

/// <summary>
/// The seal in front of a meta backend store (docs/traits-abi.md, "The meta seal"): 16 bytes that
/// tie the store to the metadata area it was written in and to the packet it was written for, so
/// that an area that no longer holds it (outer headers pushed, the metadata or the packet start
/// moved, another tool's metadata, a stale store of another packet) reads as "no traits".
/// </summary>
/// <remarks>
/// Layout: the magic (u32), the area's size <c>data - data_meta</c> (u16) and the packet's length
/// <c>data_end - data</c> (u16), together the seal's first u64; then a u64 check over that first
/// u64, the four packet bytes at <see cref="Abi.TraitStoreFormat.MetaPacketWordOffset"/> (0 when the
/// packet is shorter) and the store's three planes. Each mixing step is a bijection of the running
/// value for a fixed input and of the input for a fixed running value, so a change of any single
/// field always changes the check; an area of random bytes passes with probability 2⁻⁹⁶ (magic and
/// check) at most. The compiler inlines this code for the meta backend; the managed tests and the C
/// twins' trait_store.h compute the same bytes.
/// </remarks>
public static unsafe class MetaTraitSeal
{
    /// <summary>Bytes of the seal; the store follows it.</summary>
    public const int Size = Abi.TraitStoreFormat.MetaSealSize;

    private const ulong Magic = Abi.TraitStoreFormat.MetaMagic;
    private const int PacketWordOffset = Abi.TraitStoreFormat.MetaPacketWordOffset;
    private const ulong Seed = Abi.TraitStoreFormat.MetaCheckSeed;
    private const ulong Multiplier = Abi.TraitStoreFormat.MetaCheckMultiplier;

    /// <summary>
    /// Whether the area <c>[meta, data)</c> of the packet <c>[data, end)</c> holds a sealed store:
    /// room for the seal and a store header, the magic, the area's and the packet's actual sizes,
    /// and the check over them, the packet's bytes and the store's planes.
    /// </summary>
    public static bool IsValid(byte* meta, byte* data, byte* end)
    {
        byte* store = meta + Size;
        if (store + TraitStore.HeaderSize > data)
        {
            return false;
        }

        return Holds(meta, (ulong)(data - meta), (ulong)(end - data), PacketWord(data, end));
    }

    /// <summary>
    /// Whether the seal at <paramref name="meta"/> (followed by a store header) is the one for an area of
    /// <paramref name="areaSize"/> bytes before a packet of <paramref name="packetLength"/> bytes whose
    /// checked word is <paramref name="packetWord"/>: <see cref="IsValid"/> once the caller knows those
    /// from somewhere else than the packet pointers, as <c>traitsbpf trace</c> does from a copy of the area.
    /// </summary>
    internal static bool Holds(byte* meta, ulong areaSize, ulong packetLength, ulong packetWord)
    {
        byte* store = meta + Size;
        ulong first = First(areaSize, packetLength);
        if (*(ulong*)meta != first)
        {
            return false;
        }

        return *(ulong*)(meta + 8) == Check(first, packetWord, *(ulong*)store, *(ulong*)(store + 8), *(ulong*)(store + 16));
    }

    /// <summary>
    /// Writes the seal for the store that follows it, as the area, the packet and the store's
    /// header are now. The caller has checked that the area holds a seal and a store header.
    /// </summary>
    public static void Write(byte* meta, byte* data, byte* end)
    {
        byte* store = meta + Size;
        if (store + TraitStore.HeaderSize > data)
        {
            return;
        }

        ulong first = First((ulong)(data - meta), (ulong)(end - data));
        *(ulong*)meta = first;
        *(ulong*)(meta + 8) = Check(first, PacketWord(data, end), *(ulong*)store, *(ulong*)(store + 8), *(ulong*)(store + 16));
    }

    /// <summary>
    /// The check: the seed, then one mixing step per input. <paramref name="first"/> is the seal's
    /// first u64 (magic, area size, packet length), <paramref name="packetWord"/> the packet's bytes.
    /// </summary>
    public static ulong Check(ulong first, ulong packetWord, ulong plane0, ulong plane1, ulong plane2)
    {
        ulong h = Mix(Seed ^ first);
        h = Mix(h ^ packetWord);
        h = Mix(h ^ plane0);
        h = Mix(h ^ plane1);
        return Mix(h ^ plane2);
    }

    /// <summary>The seal's first u64 for an area and a packet of these sizes: the magic, the area's size and the packet's length (each size's low 16 bits).</summary>
    private static ulong First(ulong areaSize, ulong packetLength) =>
        Magic | (areaSize & 0xFFFF) << 32 | (packetLength & 0xFFFF) << 48;

    /// <summary>The four packet bytes the check covers, as a little-endian u32 on the hosts we run on; 0 for a shorter packet (the stash's token covers them too).</summary>
    internal static ulong PacketWord(byte* data, byte* end)
    {
        byte* word = data + PacketWordOffset;
        return word + 4 <= end ? *(uint*)word : 0;
    }

    /// <summary>A bijection of 64-bit values: the high half folded into the low, then an odd multiplication (the stash's token checks with it too).</summary>
    internal static ulong Mix(ulong x) => (x ^ (x >> 32)) * Multiplier;
}
