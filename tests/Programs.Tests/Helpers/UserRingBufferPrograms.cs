using System.Runtime.InteropServices;

namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>What <see cref="UserRingBufferPrograms.Drain"/> adds up over the records it drains, kept in a map and carried as the drain's state.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct DrainTotals
{
    /// <summary>Records the callback saw.</summary>
    public ulong Records;

    /// <summary>The records' first words, added.</summary>
    public ulong Sum;

    /// <summary>The records' sizes, added.</summary>
    public ulong Bytes;

    /// <summary>The records' last bytes, added (read through <see cref="Dynptr.Data"/> at an offset the size gives).</summary>
    public ulong LastBytes;

    /// <summary>Reads that failed (a record shorter than a word).</summary>
    public ulong ShortRecords;

    /// <summary>Drains run, and what they returned, added.</summary>
    public ulong Drains;

    /// <summary>The drains' results, added.</summary>
    public long Drained;
}

/// <summary>A user ring buffer that user space fills and a program drains (bpf_user_ringbuf_drain), totalling the records in a map.</summary>
public static unsafe class UserRingBufferPrograms
{
    /// <summary>The first word of a record that stops a drain after it (its callback returns 1).</summary>
    public const uint Stop = 0xFFFF_FFFF;

    /// <summary>What user space writes.</summary>
    public static readonly UserRingBuffer Requests = new(4096);

    /// <summary>The totals, one element.</summary>
    public static readonly ArrayMap<DrainTotals> Totals = new(1);

    /// <summary>
    /// Drains <see cref="Requests"/> with the packet's first byte as flags (0, or 4, which the kernel refuses, when its
    /// bit 2 is set), adds what the callback counted to <see cref="Totals"/>, and writes the drain's result over the
    /// packet's bytes 4 to 7.
    /// </summary>
    [Xdp("h_user_ringbuf")]
    public static XdpAction Drain(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 16 > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        DrainTotals* totals = Totals.Lookup(0);
        if (totals == null)
        {
            return XdpAction.Aborted;
        }

        var seen = default(DrainTotals);
        int drained = Requests.Drain(Count, ref seen, data[0] & 4u);
        totals->Records += seen.Records;
        totals->Sum += seen.Sum;
        totals->Bytes += seen.Bytes;
        totals->LastBytes += seen.LastBytes;
        totals->ShortRecords += seen.ShortRecords;
        totals->Drains++;
        totals->Drained += drained;
        *(int*)(data + 4) = drained;
        return XdpAction.Pass;
    }

    private static long Count(in Dynptr record, ref DrainTotals totals)
    {
        uint size = record.Size;
        totals.Records++;
        totals.Bytes += size;
        uint first;
        if (record.Read(0, &first, 4) != 0)
        {
            totals.ShortRecords++;
            return 0;
        }

        totals.Sum += first;
        byte* last = record.Data(size - 1, 1);
        if (last != null)
        {
            totals.LastBytes += *last;
        }

        return first == Stop ? 1 : 0;
    }
}
