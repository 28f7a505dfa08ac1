namespace TraitsBpf.CompilerServices;

/// <summary>
/// One sk_buff's traits in the stash backend's map (Abi.TraitStashFormat): the generation the entry
/// was made for, the nonce a token names it by, the packet's fingerprint, a clone's parent, then the store, with room to spare that only the
/// verifier's bounds need.
/// </summary>
internal unsafe struct StashEntry
{
    /// <summary>The sk_buff's <c>head</c> when the entry was made: the entry is this sk_buff's while its head is the same.</summary>
    public ulong Generation;

    /// <summary>Random bits drawn when the entry was made or reused: a token in the metadata area names the entry by its address and these (<see cref="StashToken"/>).</summary>
    public ulong Nonce;

    /// <summary>Where the fingerprint's bytes are (<see cref="StashFingerprint.Place"/>): the network header's offset from the data buffer's start and the window's end, as the entry was made.</summary>
    public ulong Anchor;

    /// <summary>The packet's fingerprint when the entry was made: with <see cref="Generation"/>, what makes the entry this packet's and no later one's.</summary>
    public ulong Fingerprint;

    /// <summary>For a clone's entry, what it records of the entry it copied (the token's owner and nonce); 0 for any other entry.</summary>
    public ulong Parent;

    /// <summary>The trait store (docs/traits-abi.md), at most <see cref="TraitStore.MaxSize"/> bytes of it used.</summary>
    public fixed byte Store[Abi.TraitStashFormat.StoreRoom];
}
