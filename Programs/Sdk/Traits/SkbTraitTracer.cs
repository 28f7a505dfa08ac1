namespace TraitsBpf.CompilerServices;

/// <summary>
/// <c>traitsbpf trace</c>'s tracing programs for the backends whose traits the sk_buff holds itself: on each event,
/// the packet's store, when the <c>--where</c> clauses accept it, from the metadata area before the mac header
/// behind a seal valid for this packet (meta), or from the sk_buff's trait extension (kfunc).
/// traitsbpf compiles them from this assembly, sets <see cref="TraceSource"/> to the host's backend, attaches them for
/// as long as the verb runs, and closes them on exit.
/// </summary>
internal static unsafe class SkbTraitTracer
{
    // Set by the verb before load (a TraitTraceSource), so the verifier prunes the other backend's reader.
    private static readonly uint TraceSource = (uint)Abi.TraitTraceSource.Meta;

    [TpBtf("netif_receive_skb", Name = Abi.TraitTraceFormat.SkbReceive)]
    public static int OnReceive(TraceContext ctx, SkBuff* skb)
    {
        Trace(skb, skb->Dev, Abi.TraitTraceEvent.Receive, 0);
        return 0;
    }

    [TpBtf("net_dev_start_xmit", Name = Abi.TraitTraceFormat.SkbOutput)]
    public static int OnOutput(TraceContext ctx, SkBuff* skb, NetDevice* device)
    {
        Trace(skb, device, Abi.TraitTraceEvent.Output, 0);
        return 0;
    }

    [TpBtf("skb_copy_datagram_iovec", Name = Abi.TraitTraceFormat.SkbDeliver)]
    public static int OnDeliver(TraceContext ctx, SkBuff* skb, int length)
    {
        Trace(skb, skb->Dev, Abi.TraitTraceEvent.Deliver, 0);
        return 0;
    }

    [TpBtf("kfree_skb", Name = Abi.TraitTraceFormat.SkbDrop)]
    public static int OnDrop(TraceContext ctx, SkBuff* skb, void* location, uint reason)
    {
        Trace(skb, skb->Dev, Abi.TraitTraceEvent.Drop, reason);
        return 0;
    }

    [TpBtf("consume_skb", Name = Abi.TraitTraceFormat.SkbConsume)]
    public static int OnConsume(TraceContext ctx, SkBuff* skb, void* location)
    {
        Trace(skb, skb->Dev, Abi.TraitTraceEvent.Consume, 0);
        return 0;
    }

    private static void Trace(SkBuff* skb, NetDevice* device, Abi.TraitTraceEvent traceEvent, uint reason)
    {
        TraitTraceRecord* record = TraitTracer.Begin(skb, (uint)traceEvent, reason);
        if (record == null)
        {
            return;
        }

        bool found = TraceSource == (uint)Abi.TraitTraceSource.Extension
            ? TraitTracer.FromExtension(record, skb)
            : TraitTracer.FromMetadata(record, skb);
        if (found)
        {
            TraitTracer.Send(record, device);
        }
    }
}
