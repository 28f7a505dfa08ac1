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

    /// <summary>Where the entry's trait store (the header, then the values) starts.</summary>
    public const int StoreOffset = 8;

    /// <summary>
    /// Bytes of the entry after the generation: a store of at most <see cref="TraitStoreFormat.MaxSize"/>
    /// bytes, and slack that no operation writes, so that the verifier, which bounds a map value access by
    /// its offset's range alone, sees every access of the store code within the value.
    /// </summary>
    public const int StoreRoom = (2 * TraitStoreFormat.MaxSize) + 64;

    /// <summary>Bytes of an entry: the generation, then the store's room.</summary>
    public const int EntrySize = StoreOffset + StoreRoom;
}
