namespace TraitsBpf.CompilerServices;

/// <summary>
/// <c>traitsbpf trace</c>'s tracing programs for the stash backend: on each event, the sk_buff's stash entry
/// of its generation, else a store XDP sealed in the metadata area that no skb program has moved yet, when
/// the <c>--where</c> clauses accept it.
/// </summary>
/// <remarks>
/// On the free paths the reaper, attached before, runs first on the same tracepoints and has already
/// deleted the entry; so each record sent is also kept, keyed by the sk_buff, and a drop or consume reports
/// the traits of the packet's last record (of the same generation), which it then forgets.
/// </remarks>
internal static unsafe class StashTraitTracer
{
    private const uint CopiedBytes = Abi.TraitStoreFormat.MetaSealSize + Abi.TraitStoreFormat.MaxSize;

#pragma warning disable IDE1006
    /// <summary>sk_buff address → the last record sent for it.</summary>
    private static readonly LruHashMap<ulong, TraitTraceRecord> tbpf_trace_seen = new(Abi.TraitTraceFormat.SeenCapacity);
#pragma warning restore IDE1006

    [TpBtf("netif_receive_skb", Name = Abi.TraitTraceFormat.StashReceive)]
    public static int OnReceive(TraceContext ctx, SkBuff* skb)
    {
        Trace(skb, skb->Dev, Abi.TraitTraceEvent.Receive);
        return 0;
    }

    [TpBtf("net_dev_start_xmit", Name = Abi.TraitTraceFormat.StashOutput)]
    public static int OnOutput(TraceContext ctx, SkBuff* skb, NetDevice* device)
    {
        Trace(skb, device, Abi.TraitTraceEvent.Output);
        return 0;
    }

    [TpBtf("skb_copy_datagram_iovec", Name = Abi.TraitTraceFormat.StashDeliver)]
    public static int OnDeliver(TraceContext ctx, SkBuff* skb, int length)
    {
        Trace(skb, skb->Dev, Abi.TraitTraceEvent.Deliver);
        return 0;
    }

    [TpBtf("kfree_skb", Name = Abi.TraitTraceFormat.StashDrop)]
    public static int OnDrop(TraceContext ctx, SkBuff* skb, void* location, uint reason)
    {
        TraceFree(skb, Abi.TraitTraceEvent.Drop, reason);
        return 0;
    }

    [TpBtf("consume_skb", Name = Abi.TraitTraceFormat.StashConsume)]
    public static int OnConsume(TraceContext ctx, SkBuff* skb, void* location)
    {
        TraceFree(skb, Abi.TraitTraceEvent.Consume, 0);
        return 0;
    }

    private static void Trace(SkBuff* skb, NetDevice* device, Abi.TraitTraceEvent traceEvent)
    {
        TraitTraceRecord* record = TraitTracer.Begin(skb, (uint)traceEvent, 0);
        if (record == null || !Find(record, skb))
        {
            return;
        }

        ulong address = (ulong)skb;
        tbpf_trace_seen.Update(address, *record);
        TraitTracer.Send(record, device);
    }

    private static void TraceFree(SkBuff* skb, Abi.TraitTraceEvent traceEvent, uint reason)
    {
        TraitTraceRecord* record = TraitTracer.Begin(skb, (uint)traceEvent, reason);
        if (record == null)
        {
            return;
        }

        ulong address = (ulong)skb;
        TraitTraceRecord* seen = tbpf_trace_seen.Lookup(address);
        bool found = false;
        if (seen != null)
        {
            if (seen->Generation == record->Generation)
            {
                TraceContext.ProbeReadKernel(record->Store, CopiedBytes, seen->Store);
                record->Source = seen->Source;
                found = true;
            }

            tbpf_trace_seen.Delete(address);
        }

        if (found || Find(record, skb))
        {
            TraitTracer.Send(record, skb->Dev);
        }
    }

    /// <summary>The packet's store: its stash entry's, else a sealed one in the metadata area; false when it has none the filter accepts.</summary>
    private static bool Find(TraitTraceRecord* record, SkBuff* skb)
    {
        StashEntry* entry = StashTraitsBackend.Peek(skb);
        if (entry == null)
        {
            return TraitTracer.FromMetadata(record, skb);
        }

        byte* store = entry->Store;
        if (!TraitTracer.Accepts(store, store + TraitStore.MaxSize))
        {
            return false;
        }

        TraceContext.ProbeReadKernel(record->Store, TraitStore.MaxSize, store);
        record->Source = (uint)Abi.TraitTraceSource.Stash;
        return true;
    }
}
