namespace TraitsBpf.CompilerServices;

/// <summary>
/// One sk_buff's traits in the stash backend's map (Abi.TraitStashFormat): the generation the entry
/// was made for, then the store, with room to spare that only the verifier's bounds need.
/// </summary>
internal unsafe struct StashEntry
{
    /// <summary>The sk_buff's <c>head</c> when the entry was made: the entry is this sk_buff's while its head is the same.</summary>
    public ulong Generation;

    /// <summary>The trait store (docs/traits-abi.md), at most <see cref="TraitStore.MaxSize"/> bytes of it used.</summary>
    public fixed byte Store[Abi.TraitStashFormat.StoreRoom];
}
