using System.Runtime.CompilerServices;

namespace TraitsBpf.Compiler.Tests.Rejected;

/// <summary>A map value with a dynptr in it, which a reservation may not fill.</summary>
public struct HeldRecord
{
    public Dynptr Record;
}

/// <summary>Ring-buffer dynptr records the verifier would refuse: leaked on a path, submitted twice or before a use, and the like.</summary>
public static unsafe partial class RejectedPrograms
{
    private static readonly RingBuffer Journal = new(4096);

    private static readonly ArrayMap<HeldRecord> HeldRecords = new(1);

    [Xdp("bad_ringbuf_leak")]
    public static XdpAction RecordLeakedOnOnePath(XdpContext ctx)
    {
        uint queue = ctx.RxQueueIndex;
        Journal.ReserveDynptr(8, out var record); // rejected: ringbuf leak
        if (queue == 3)
        {
            return XdpAction.Drop;
        }

        record.Write(0, &queue, 4);
        RingBuffer.SubmitDynptr(ref record);
        return XdpAction.Pass;
    }

    [Xdp("bad_ringbuf_failed")]
    public static XdpAction FailedReservationNotDiscarded(XdpContext ctx)
    {
        if (Journal.ReserveDynptr(ctx.RxQueueIndex, out var record) != 0) // rejected: ringbuf failed reservation
        {
            return XdpAction.Aborted;
        }

        RingBuffer.SubmitDynptr(ref record);
        return XdpAction.Pass;
    }

    [Xdp("bad_ringbuf_double_submit")]
    public static XdpAction SubmittedTwice(XdpContext ctx)
    {
        Journal.ReserveDynptr(16, out var record);
        if (ctx.RxQueueIndex == 1)
        {
            RingBuffer.DiscardDynptr(ref record);
        }

        RingBuffer.SubmitDynptr(ref record); // rejected: ringbuf double submit
        return XdpAction.Pass;
    }

    [Xdp("bad_ringbuf_use_after_submit")]
    public static XdpAction UsedAfterSubmit(XdpContext ctx)
    {
        uint queue = ctx.RxQueueIndex;
        Journal.ReserveDynptr(4, out var record);
        RingBuffer.SubmitDynptr(ref record);
        record.Write(0, &queue, 4); // rejected: ringbuf use after submit
        return XdpAction.Pass;
    }

    [Xdp("bad_ringbuf_slice_after_submit")]
    public static XdpAction SliceUsedAfterSubmit(XdpContext ctx)
    {
        Journal.ReserveDynptr(8, out var record);
        byte* bytes = record.Data(0, 8);
        RingBuffer.SubmitDynptr(ref record);
        if (bytes != null)
        {
            *bytes = 1; // rejected: ringbuf slice after submit
        }

        return XdpAction.Pass;
    }

    [Xdp("bad_ringbuf_unmade_use")]
    public static XdpAction UsedBeforeReservedOnSomePath(XdpContext ctx)
    {
        Dynptr record = default;
        uint queue = ctx.RxQueueIndex;
        if (queue == 2)
        {
            Journal.ReserveDynptr(4, out record);
        }

        record.Write(0, &queue, 4); // rejected: ringbuf unmade use
        if (queue == 2)
        {
            RingBuffer.SubmitDynptr(ref record);
        }

        return XdpAction.Pass;
    }

    [Xdp("bad_ringbuf_stray_submit")]
    public static XdpAction PacketDynptrSubmitted(XdpContext ctx)
    {
        ctx.PacketDynptr(out var packet);
        RingBuffer.SubmitDynptr(ref packet); // rejected: ringbuf stray submit
        return XdpAction.Pass;
    }

    [Xdp("bad_ringbuf_unreserved")]
    public static XdpAction SubmitOfMaybeUnreserved(XdpContext ctx)
    {
        Dynptr record = default;
        if (ctx.RxQueueIndex == 2)
        {
            Journal.ReserveDynptr(4, out record);
        }

        RingBuffer.SubmitDynptr(ref record); // rejected: ringbuf maybe unreserved
        return XdpAction.Pass;
    }

    [Xdp("bad_ringbuf_reserve_held")]
    public static XdpAction ReservedTwiceIntoOneDynptr(XdpContext ctx)
    {
        Journal.ReserveDynptr(4, out var record);
        Journal.ReserveDynptr(8, out record); // rejected: ringbuf reserve held
        RingBuffer.SubmitDynptr(ref record);
        return XdpAction.Pass;
    }

    [Xdp("bad_ringbuf_subprogram")]
    public static XdpAction RecordToSubprogram(XdpContext ctx)
    {
        Journal.ReserveDynptr(4, out var record);
        SubmitElsewhere(ref record); // rejected: ringbuf subprogram
        return XdpAction.Pass;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SubmitElsewhere(ref Dynptr record) => RingBuffer.SubmitDynptr(ref record);

    [Xdp("bad_ringbuf_copy")]
    public static XdpAction CopiedDynptr(XdpContext ctx)
    {
        Journal.ReserveDynptr(4, out var record);
        var copy = record; // rejected: ringbuf copy
        uint size = copy.Size;
        RingBuffer.SubmitDynptr(ref record);
        return size == 4 ? XdpAction.Pass : XdpAction.Drop;
    }

    [Xdp("bad_ringbuf_in_map")]
    public static XdpAction ReservedIntoAMapValue(XdpContext ctx)
    {
        HeldRecord* held = HeldRecords.Lookup(0);
        if (held == null)
        {
            return XdpAction.Pass;
        }

        Journal.ReserveDynptr(4, out held->Record); // rejected: ringbuf dynptr in a map
        RingBuffer.DiscardDynptr(ref held->Record);
        return XdpAction.Pass;
    }
}
