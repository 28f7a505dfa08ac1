namespace TraitsBpf.Abi;

/// <summary>
/// What <c>traitsbpf trace</c>'s tracing programs (TraitsBpf.Sdk's trait tracers) and the verb that
/// reads them agree on: the programs' names, the events, the record each event writes into the ring
/// buffer and the <c>.rodata</c> constants the verb sets before load (docs/traits.md, "Following
/// packets: traitsbpf trace").
/// </summary>
public static class TraitTraceFormat
{
    /// <summary>How many <c>--where</c> clauses the programs test in the kernel.</summary>
    public const int MaxClauses = 4;

    /// <summary>The ring buffer's map name: records of <see cref="RecordSize"/> bytes.</summary>
    public const string RingMapName = "tbpf_trace_ring";

    /// <summary>The per-CPU array whose element 0 counts the records lost to a full ring buffer (u64 per CPU).</summary>
    public const string LostMapName = "tbpf_trace_lost";

    /// <summary>The ring buffer's size in bytes.</summary>
    public const int RingSize = 1 << 20;

    /// <summary>
    /// Bytes of a record's store room (<see cref="RecordOffsets.Store"/>): the store the stash holds, or the
    /// metadata area (its seal, then the store); as the stash's entries, with the slack the verifier needs
    /// for the store code that filters it in place.
    /// </summary>
    public const int StoreRoom = TraitStoreFormat.MetaSealSize + TraitStashFormat.StoreRoom;

    /// <summary>Bytes of a record (<see cref="RecordOffsets"/>).</summary>
    public const int RecordSize = RecordOffsets.Store + StoreRoom;

    /// <summary>How many packets' records the stash backend's programs keep for the free paths, where the reaper has emptied the stash first.</summary>
    public const int SeenCapacity = 4096;

    /// <summary>Bytes of a device name (IFNAMSIZ).</summary>
    public const int DeviceNameSize = 16;

    /// <summary>The rodata constant holding <c>offsetof(struct net_device, name)</c> in the running kernel.</summary>
    public const string DeviceNameOffsetConstant = "DeviceNameOffset";

    /// <summary>The rodata constant holding <c>offsetof(struct skb_shared_info, meta_len)</c> in the running kernel.</summary>
    public const string MetaLengthOffsetConstant = "MetaLengthOffset";

    /// <summary>The kfunc backend's skb extension, an enumerator of the kernel's <c>enum skb_ext_id</c> (Kernel/patches, 0006).</summary>
    public const string TraitsExtensionName = "SKB_EXT_TRAITS";

    /// <summary>The rodata constant holding the running kernel's <c>SKB_EXT_TRAITS</c> (<c>enum skb_ext_id</c>), for the kfunc backend's tracers.</summary>
    public const string TraitsExtensionIdConstant = "TraitsExtensionId";

    /// <summary>The rodata constant holding <c>offsetof(struct skb_ext, offset)</c> in the running kernel.</summary>
    public const string ExtensionOffsetsOffsetConstant = "ExtensionOffsetsOffset";

    /// <summary>
    /// The rodata constant of clause <paramref name="index"/>: <see cref="ClauseSize"/> bytes, four u64s: the key
    /// (<see cref="TraitKeys.Count"/>, which no trait has, for no clause), the size, and the value's two halves.
    /// </summary>
    public static string ClauseConstant(int index) => $"Where{index}";

    /// <summary>Bytes of a clause constant.</summary>
    public const int ClauseSize = 32;

    /// <summary>Where a record's fields are (little-endian).</summary>
    public static class RecordOffsets
    {
        /// <summary>u64 bpf_ktime_get_ns.</summary>
        public const int Time = 0;

        /// <summary>u32 <see cref="TraitTraceEvent"/>.</summary>
        public const int Event = 8;

        /// <summary>u32 the drop reason (enum skb_drop_reason) of a drop, else 0.</summary>
        public const int Reason = 12;

        /// <summary>u32 skb->len.</summary>
        public const int Length = 16;

        /// <summary>u32 <see cref="TraitTraceSource"/>.</summary>
        public const int Source = 20;

        /// <summary>The device's name, NUL-padded (empty without a device).</summary>
        public const int Device = 24;

        /// <summary>u64 the device's ifindex (0 without a device).</summary>
        public const int Ifindex = 40;

        /// <summary>u64 the sk_buff's head when the record was made (the stash's generation).</summary>
        public const int Generation = 48;

        /// <summary>
        /// The trait store (docs/traits-abi.md): from a stash entry, the store itself; from the metadata area,
        /// the area (a 16-byte seal, then the store). At most <see cref="TraitStoreFormat.MaxSize"/> bytes of it are the store's.
        /// </summary>
        public const int Store = 56;
    }

    /// <summary>The meta and kfunc backends' program on tp_btf/netif_receive_skb.</summary>
    public const string SkbReceive = "tbpf_skb_rx";

    /// <summary>The meta and kfunc backends' program on tp_btf/net_dev_start_xmit.</summary>
    public const string SkbOutput = "tbpf_skb_tx";

    /// <summary>The meta and kfunc backends' program on tp_btf/skb_copy_datagram_iovec.</summary>
    public const string SkbDeliver = "tbpf_skb_sock";

    /// <summary>The meta and kfunc backends' program on tp_btf/kfree_skb.</summary>
    public const string SkbDrop = "tbpf_skb_drop";

    /// <summary>The meta and kfunc backends' program on tp_btf/consume_skb.</summary>
    public const string SkbConsume = "tbpf_skb_free";

    /// <summary>The stash backend's program on tp_btf/netif_receive_skb.</summary>
    public const string StashReceive = "tbpf_stash_rx";

    /// <summary>The stash backend's program on tp_btf/net_dev_start_xmit.</summary>
    public const string StashOutput = "tbpf_stash_tx";

    /// <summary>The stash backend's program on tp_btf/skb_copy_datagram_iovec.</summary>
    public const string StashDeliver = "tbpf_stash_sock";

    /// <summary>The stash backend's program on tp_btf/kfree_skb.</summary>
    public const string StashDrop = "tbpf_stash_drop";

    /// <summary>The stash backend's program on tp_btf/consume_skb.</summary>
    public const string StashConsume = "tbpf_stash_free";

    /// <summary>The meta and kfunc backends' programs, one per event.</summary>
    public static IReadOnlyList<string> SkbPrograms { get; } = [SkbReceive, SkbOutput, SkbDeliver, SkbDrop, SkbConsume];

    /// <summary>The rodata constant of the meta and kfunc backends' programs saying where the store is (a <see cref="TraitTraceSource"/>).</summary>
    public const string SourceConstant = "TraceSource";

    /// <summary>The stash backend's programs, one per event.</summary>
    public static IReadOnlyList<string> StashPrograms { get; } = [StashReceive, StashOutput, StashDeliver, StashDrop, StashConsume];
}
