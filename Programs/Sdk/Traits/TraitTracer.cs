namespace TraitsBpf.CompilerServices;

/// <summary>
/// What the trait tracers (<see cref="SkbTraitTracer"/>, <see cref="StashTraitTracer"/>) share: finding a
/// packet's validated store, the <c>--where</c> filter, and the record that goes to <c>traitsbpf trace</c>.
/// The filter and the two kernel offsets no <c>[KernelType]</c> field can name are <c>.rodata</c> constants
/// the verb sets before load, so the verifier prunes the clauses not given and a busy host's packets
/// without the traits asked for never reach the ring buffer.
/// </summary>
internal static unsafe class TraitTracer
{
    private const int SealSize = Abi.TraitStoreFormat.MetaSealSize;
    private const uint NoMacHeader = 0xFFFF;

    // Set by the verb from the running kernel's BTF, as CO-RE would set a field's offset; these initial values
    // are 6.18's on x86-64 (net_device.name at 280, skb_shared_info.meta_len at 1 since 4.15).
    private static readonly ulong DeviceNameOffset = 280;
    private static readonly ulong MetaLengthOffset = 1;

    // The kfunc backend's extension, set by the verb from the running kernel's BTF: SKB_EXT_TRAITS in enum skb_ext_id,
    // and where struct skb_ext keeps each extension's place (in 8-byte chunks from the struct's start, header included).
    private static readonly ulong TraitsExtensionId = 0;
    private static readonly ulong ExtensionOffsetsOffset = 4;

    // A clause per --where; key 64 (no trait has it) is no clause.
    private static readonly TraitTraceClause Where0 = TraitTraceClause.None;
    private static readonly TraitTraceClause Where1 = TraitTraceClause.None;
    private static readonly TraitTraceClause Where2 = TraitTraceClause.None;
    private static readonly TraitTraceClause Where3 = TraitTraceClause.None;

#pragma warning disable IDE1006
    /// <summary>The records, read by traitsbpf trace.</summary>
    private static readonly RingBuffer tbpf_trace_ring = new(Abi.TraitTraceFormat.RingSize);

    /// <summary>Element 0: the record being made on this CPU (too large for the stack).</summary>
    private static readonly PerCpuArrayMap<TraitTraceRecord> tbpf_trace_work = new(1);

    /// <summary>Element 0: the records this CPU could not send because the ring buffer was full.</summary>
    private static readonly PerCpuArrayMap<ulong> tbpf_trace_lost = new(1);
#pragma warning restore IDE1006

    /// <summary>This CPU's record, its header filled in for <paramref name="skb"/>; null when the map gives none.</summary>
    public static TraitTraceRecord* Begin(SkBuff* skb, uint traceEvent, uint reason)
    {
        TraitTraceRecord* record = tbpf_trace_work.Lookup(0);
        if (record == null)
        {
            return null;
        }

        record->Generation = (ulong)skb->Head;
        record->Event = traceEvent;
        record->Reason = reason;
        record->Length = skb->Len;
        return record;
    }

    /// <summary>
    /// Copies the metadata area before <paramref name="skb"/>'s mac header into the record and keeps it when it
    /// holds a store sealed for this packet (MetaTraitSeal, checked with the area's size, the packet's length as
    /// XDP saw it and its checked word, as the meta backend checks them) that the filter accepts.
    /// </summary>
    public static bool FromMetadata(TraitTraceRecord* record, SkBuff* skb)
    {
        byte* head = skb->Head;
        uint mac = skb->MacHeader;
        if (mac == NoMacHeader)
        {
            return false;
        }

        byte areaSize = 0;
        if (TraceContext.ProbeReadKernel(&areaSize, 1, head + skb->End + MetaLengthOffset) != 0)
        {
            return false;
        }

        uint size = areaSize;
        if (size < SealSize + TraitStore.HeaderSize || size > Abi.TraitStoreFormat.MetaRoom)
        {
            return false;
        }

        byte* macHeader = head + mac;
        byte* area = record->Store;
        if (TraceContext.ProbeReadKernel(area, size, macHeader - size) != 0)
        {
            return false;
        }

        // The packet from its mac header, as XDP saw it: the stack pulls headers (data and len move together) but keeps the sum.
        ulong packetLength = skb->Len + (ulong)(skb->Data - macHeader);
        uint word = 0;
        if (packetLength >= Abi.TraitStoreFormat.MetaPacketWordOffset + 4)
        {
            TraceContext.ProbeReadKernel(&word, 4, macHeader + Abi.TraitStoreFormat.MetaPacketWordOffset);
        }

        if (!MetaTraitSeal.Holds(area, size, packetLength, word))
        {
            return false;
        }

        record->Source = (uint)Abi.TraitTraceSource.Meta;
        return Accepts(area + SealSize, area + size);
    }

    /// <summary>
    /// Copies the sk_buff's trait extension (the kfunc backend's store, <c>SKB_EXT_TRAITS</c>) into the record and keeps
    /// it when the sk_buff has one that the filter accepts. Clones share the extension until one of them writes, so a
    /// clone shows what it would read with the kfuncs.
    /// </summary>
    public static bool FromExtension(TraitTraceRecord* record, SkBuff* skb)
    {
        if (((ulong)skb->ActiveExtensions >> (int)TraitsExtensionId & 1) == 0)
        {
            return false;
        }

        byte* extensions = skb->Extensions;
        byte chunk = 0;
        if (TraceContext.ProbeReadKernel(&chunk, 1, extensions + ExtensionOffsetsOffset + TraitsExtensionId) != 0 || chunk == 0)
        {
            return false;
        }

        byte* store = record->Store;
        if (TraceContext.ProbeReadKernel(store, TraitStore.MaxSize, extensions + (ulong)chunk * 8) != 0)
        {
            return false;
        }

        record->Source = (uint)Abi.TraitTraceSource.Extension;
        return Accepts(store, store + TraitStore.MaxSize);
    }

    /// <summary>
    /// Whether the store <c>[store, end)</c> (which has room for a header) holds a trait, and every trait the
    /// <c>--where</c> clauses ask for with the value asked for. An empty store is no packet to follow: the meta
    /// backend's XDP programs seal one in front of every packet they see.
    /// </summary>
    public static bool Accepts(byte* store, byte* end) =>
        (*(ulong*)store | *(ulong*)(store + 8) | *(ulong*)(store + 16)) != 0
        && Holds(store, end, Where0.Key, Where0.Size, Where0.Low, Where0.High)
        && Holds(store, end, Where1.Key, Where1.Size, Where1.Low, Where1.High)
        && Holds(store, end, Where2.Key, Where2.Size, Where2.Low, Where2.High)
        && Holds(store, end, Where3.Key, Where3.Size, Where3.Low, Where3.High);

    /// <summary>Fills in the device and the time and sends the record to traitsbpf trace.</summary>
    public static void Send(TraitTraceRecord* record, NetDevice* device)
    {
        record->Ifindex = 0;
        *(ulong*)record->Device = 0;
        *(ulong*)(record->Device + 8) = 0;
        if (device != null)
        {
            record->Ifindex = (ulong)device->Ifindex;
            TraceContext.ProbeReadKernel(record->Device, Abi.TraitTraceFormat.DeviceNameSize, (byte*)device + DeviceNameOffset);
        }

        record->Time = Bpf.KtimeGetNs();
        if (tbpf_trace_ring.Output(*record) != 0)
        {
            ulong* lost = tbpf_trace_lost.Lookup(0);
            if (lost != null)
            {
                *lost += 1;
            }
        }
    }

    private static bool Holds(byte* store, byte* end, ulong key, ulong size, ulong low, ulong high)
    {
        if (key >= Abi.TraitKeys.Count)
        {
            return true;
        }

        ulong* value = stackalloc ulong[2];
        value[0] = 0;
        value[1] = 0;
        int got = TraitStore.Get(store, end, key, value, 16);
        return got >= 0 && (ulong)got == size && value[0] == low && value[1] == high;
    }
}
