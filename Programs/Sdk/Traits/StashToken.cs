namespace TraitsBpf.CompilerServices;

/// <summary>
/// The token the stash backend leaves in a packet's metadata area in place of the meta seal once it has moved the
/// store into the sk_buff's entry (Abi.TraitStashFormat.TokenMagic): it names that entry by the owner's sk_buff
/// address and the entry's nonce. The data buffer carries the token where the sk_buff's address does not reach: a
/// clone (<c>tc mirred</c>, <c>bpf_clone_redirect</c>) shares the buffer, and the kernel copies the headroom, metadata
/// included, when it moves an sk_buff to a new buffer (<c>pskb_expand_head</c>).
/// </summary>
/// <remarks>
/// Layout, 32 bytes: the magic (u32), the area's size <c>data - data_meta</c> (u16) and the packet's length
/// (u16) as the first u64; a u64 check over that u64, the packet's bytes the meta seal covers, the owner and the
/// nonce, with the meta seal's mixing steps; the owner (u64); the nonce (u64). An area of random bytes passes with
/// probability 2⁻⁹⁶ at most (magic and check), and even a valid token names an entry only while that entry holds the
/// same 64 random bits, which a reused entry never does again.
/// </remarks>
internal static unsafe class StashToken
{
    /// <summary>Bytes of a token.</summary>
    public const int Size = Abi.TraitStashFormat.TokenSize;
    private const ulong Magic = Abi.TraitStashFormat.TokenMagic;
    private const ulong Seed = Abi.TraitStoreFormat.MetaCheckSeed;

    /// <summary>Writes the token naming the entry <paramref name="owner"/>, <paramref name="nonce"/>, when the area <c>[meta, data)</c> has room for it.</summary>
    public static void Write(byte* meta, byte* data, byte* end, ulong owner, ulong nonce)
    {
        if (meta + Size > data)
        {
            return;
        }

        // The owner is a kernel pointer, on which the verifier allows no arithmetic: the check reads it back from the
        // area, where it is a plain number.
        *(ulong*)(meta + 16) = owner;
        *(ulong*)(meta + 24) = nonce;
        ulong first = First((ulong)(data - meta), (ulong)(end - data));
        *(ulong*)meta = first;
        *(ulong*)(meta + 8) = Check(first, MetaTraitSeal.PacketWord(data, end), *(ulong*)(meta + 16), nonce);
    }

    /// <summary>
    /// Reads the token of the sk_buff <paramref name="skb"/>, whose packet is <c>[data, end)</c> (a TC program's view,
    /// which starts at <c>skb->data</c>), into <paramref name="token"/> (<see cref="Size"/> bytes): whether a valid one
    /// is there. It reads the data buffer's bytes in front of the packet through the kernel pointer, not the metadata
    /// area, because the kernel forgets the area's size (<c>skb_metadata_clear</c>) whenever it moves an sk_buff to a new
    /// buffer, clone or not, although it copies the bytes; a token counts only where the meta backend's area of
    /// <see cref="Abi.TraitStoreFormat.MetaRoom"/> bytes held the seal it replaced.
    /// </summary>
    public static bool Read(SkBuff* skb, byte* data, byte* end, byte* token)
    {
        byte* packet = skb->Data;
        if ((ulong)(packet - skb->Head) < Abi.TraitStoreFormat.MetaRoom)
        {
            return false;
        }

        if (TraceContext.ProbeReadKernel(token, Size, packet - Abi.TraitStoreFormat.MetaRoom) != 0)
        {
            return false;
        }

        ulong first = First(Abi.TraitStoreFormat.MetaRoom, (ulong)(end - data));
        return *(ulong*)token == first
            && *(ulong*)(token + 8) == Check(first, MetaTraitSeal.PacketWord(data, end), *(ulong*)(token + 16), *(ulong*)(token + 24));
    }

    /// <summary>The sk_buff address a valid token names.</summary>
    public static ulong Owner(byte* token) => *(ulong*)(token + 16);

    /// <summary>The entry nonce a valid token names.</summary>
    public static ulong Nonce(byte* token) => *(ulong*)(token + 24);

    /// <summary>The check: the seed, then one mixing step per input, as the meta seal's.</summary>
    public static ulong Check(ulong first, ulong packetWord, ulong owner, ulong nonce)
    {
        ulong h = MetaTraitSeal.Mix(Seed ^ first);
        h = MetaTraitSeal.Mix(h ^ packetWord);
        h = MetaTraitSeal.Mix(h ^ owner);
        return MetaTraitSeal.Mix(h ^ nonce);
    }

    private static ulong First(ulong areaSize, ulong packetLength) =>
        Magic | (areaSize & 0xFFFF) << 32 | (packetLength & 0xFFFF) << 48;
}
