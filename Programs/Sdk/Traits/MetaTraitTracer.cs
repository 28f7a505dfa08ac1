namespace TraitsBpf.CompilerServices;

/// <summary>
/// <c>traitsbpf trace</c>'s tracing programs for the meta backend: on each event, the sk_buff's metadata area
/// (before its mac header) when it holds a store sealed for this packet, which the <c>--where</c> clauses accept.
/// traitsbpf compiles them from this assembly, attaches them for as long as the verb runs, and closes them on exit.
/// </summary>
internal static unsafe class MetaTraitTracer
{
    [TpBtf("netif_receive_skb", Name = Abi.TraitTraceFormat.MetaReceive)]
    public static int OnReceive(TraceContext ctx, SkBuff* skb)
    {
        Trace(skb, skb->Dev, Abi.TraitTraceEvent.Receive, 0);
        return 0;
    }

    [TpBtf("net_dev_start_xmit", Name = Abi.TraitTraceFormat.MetaOutput)]
    public static int OnOutput(TraceContext ctx, SkBuff* skb, NetDevice* device)
    {
        Trace(skb, device, Abi.TraitTraceEvent.Output, 0);
        return 0;
    }

    [TpBtf("skb_copy_datagram_iovec", Name = Abi.TraitTraceFormat.MetaDeliver)]
    public static int OnDeliver(TraceContext ctx, SkBuff* skb, int length)
    {
        Trace(skb, skb->Dev, Abi.TraitTraceEvent.Deliver, 0);
        return 0;
    }

    [TpBtf("kfree_skb", Name = Abi.TraitTraceFormat.MetaDrop)]
    public static int OnDrop(TraceContext ctx, SkBuff* skb, void* location, uint reason)
    {
        Trace(skb, skb->Dev, Abi.TraitTraceEvent.Drop, reason);
        return 0;
    }

    [TpBtf("consume_skb", Name = Abi.TraitTraceFormat.MetaConsume)]
    public static int OnConsume(TraceContext ctx, SkBuff* skb, void* location)
    {
        Trace(skb, skb->Dev, Abi.TraitTraceEvent.Consume, 0);
        return 0;
    }

    private static void Trace(SkBuff* skb, NetDevice* device, Abi.TraitTraceEvent traceEvent, uint reason)
    {
        TraitTraceRecord* record = TraitTracer.Begin(skb, (uint)traceEvent, reason);
        if (record != null && TraitTracer.FromMetadata(record, skb))
        {
            TraitTracer.Send(record, device);
        }
    }
}
