namespace TraitsBpf.Abi;

/// <summary>
/// The stash backend's host-wide maps (docs/traits.md, "The stash backend"): one hash map from an
/// sk_buff's kernel address to its trait store, and one counter of the stores the full map refused.
/// Every stash program's object declares both under these names; the loader gives each object the
/// maps pinned under the pin root, so taggers and readers loaded by separate commands share them.
/// </summary>
public static class TraitStashFormat
{
    /// <summary>The stash map's name in objects and in the kernel: key the sk_buff's address (u64), value a <see cref="EntrySize"/>-byte entry.</summary>
    public const string MapName = "tbpf_stash";

    /// <summary>The counter map's name: a one-entry array whose u64 counts the stores the full stash refused.</summary>
    public const string RefusedMapName = "tbpf_stash_full";

    /// <summary>The stash map's pin, beside the host trait registry under the pin root.</summary>
    public const string PinName = "trait_stash";

    /// <summary>The counter's pin, beside the stash.</summary>
    public const string RefusedPinName = "trait_stash_full";

    /// <summary>The reaper's program on tp_btf/consume_skb, and the name of its attachment.</summary>
    public const string ReaperConsumeProgram = "tbpf_reap_consume";

    /// <summary>The reaper's program on tp_btf/kfree_skb, and the name of its attachment.</summary>
    public const string ReaperDropProgram = "tbpf_reap_kfree";

    /// <summary>The reaper's programs, each attached once per host under its own name.</summary>
    public static IReadOnlyList<string> ReaperPrograms { get; } = [ReaperConsumeProgram, ReaperDropProgram];

    /// <summary>
    /// The sk_buffs whose traits the stash holds at once. Entries are preallocated, so this is also
    /// the stash's memory: <see cref="Capacity"/> × (<see cref="EntrySize"/> + the kernel's per-entry overhead).
    /// </summary>
    public const int Capacity = 16384;

    /// <summary>
    /// Where an entry keeps its generation: the sk_buff's <c>head</c> (its data buffer's address) when
    /// the entry was made. An entry whose generation is not the sk_buff's head now belongs to an earlier
    /// sk_buff at the same address (or to this one before its buffer was reallocated) and reads as no traits.
    /// </summary>
    public const int GenerationOffset = 0;

    /// <summary>
    /// Where an entry keeps its nonce: 64 random bits drawn whenever the entry is made or reused, which the token
    /// (<see cref="TokenMagic"/>) a stash program leaves in the packet's metadata area names, so that a copy of the
    /// packet, or the sk_buff after its data buffer moved, can find this entry and no other.
    /// </summary>
    public const int NonceOffset = 8;

    /// <summary>Where an entry keeps its fingerprint's place: the network header's offset from the data buffer's start (bits 0-15) and the end of the bytes it covers (bits 16-31), as the entry was made.</summary>
    public const int AnchorOffset = 16;

    /// <summary>
    /// Where an entry keeps its fingerprint: a hash of the packet's bytes at the anchor (the network header's length
    /// field, and the last 16 bytes of the datagram in the linear data) when the entry was made. An entry is the
    /// sk_buff's only while both its generation and its fingerprint agree with the sk_buff as it is now.
    /// </summary>
    public const int FingerprintOffset = 24;

    /// <summary>
    /// Where a clone's entry records the entry it copied (a hash of the token's owner and nonce; 0 in any other entry),
    /// so that the clone still finds its own after the kernel moved it to a new buffer.
    /// </summary>
    public const int ParentOffset = 32;

    /// <summary>Where the entry's trait store (the header, then the values) starts.</summary>
    public const int StoreOffset = 40;

    /// <summary>
    /// Bytes of the entry after its 40-byte prefix (generation, nonce, place, fingerprint, parent): a store of at most <see cref="TraitStoreFormat.MaxSize"/>
    /// bytes, and slack that no operation writes, so that the verifier, which bounds a map value access by
    /// its offset's range alone, sees every access of the store code within the value.
    /// </summary>
    public const int StoreRoom = (2 * TraitStoreFormat.MaxSize) + 64;

    /// <summary>Bytes of an entry: the generation, the nonce, the place, the fingerprint, the parent, then the store's room.</summary>
    public const int EntrySize = StoreOffset + StoreRoom;

    /// <summary>
    /// The first four bytes of a stash token, "TST1" in memory order. Once a stash program has moved the store XDP left
    /// in the metadata area into the sk_buff's entry, it replaces the seal with a token: this magic, the area's size
    /// (u16) and the packet's length (u16) as the first u64, then a check (u64), the owner's sk_buff address (u64) and
    /// the entry's nonce (u64). The data buffer carries it: a clone shares the buffer, and the kernel copies the
    /// headroom when it moves an sk_buff to a new buffer (docs/traits.md, "Clones").
    /// </summary>
    public const uint TokenMagic = 0x31545354;

    /// <summary>Bytes of a stash token at the start of the metadata area.</summary>
    public const int TokenSize = 32;
}
