using System.Runtime.InteropServices;

namespace TraitsBpf;

/// <summary>
/// The records of a ring buffer (BPF_MAP_TYPE_RINGBUF or USER_RINGBUF) between its consumer and producer positions,
/// counted as the kernel counts them: a record takes its length plus an 8-byte header, rounded up to 8, from the
/// moment it is reserved; it stays busy until submitted or discarded, and a discarded record keeps its room until the
/// consumer passes it. The consumer stops at the first busy record.
/// </summary>
internal sealed unsafe class RingRecords(int sizeBytes)
{
    private const int HeaderSize = 8;
    private readonly LinkedList<RingRecord> records = [];

    /// <summary>Bytes ever reserved (BPF_RB_PROD_POS).</summary>
    public ulong ProducerPosition { get; private set; }

    /// <summary>Bytes ever consumed (BPF_RB_CONS_POS).</summary>
    public ulong ConsumerPosition { get; private set; }

    /// <summary>The submitted records not consumed yet, oldest first, without the discarded ones.</summary>
    public IEnumerable<byte[]> Submitted => records.Where(r => r.Bytes is not null).Select(r => r.Bytes!);

    /// <summary>
    /// Reserves <paramref name="length"/> zeroed bytes, or null when the producer would get more than
    /// <paramref name="reach"/> bytes ahead of the consumer: a program's reservation may reach one byte less than the
    /// size (the kernel's check against the size mask, so a 4096-byte buffer holds at most 4088 bytes of records), a
    /// user-space producer's (libbpf's user_ring_buffer__reserve) the whole size.
    /// </summary>
    public RingRecord? Reserve(uint length, ulong reach)
    {
        ulong footprint = Footprint(length);
        if (footprint > (ulong)sizeBytes || ProducerPosition + footprint - ConsumerPosition > reach)
        {
            return null;
        }

        var record = new RingRecord(length, (byte*)NativeMemory.AllocZeroed(Math.Max(length, 1u)));
        records.AddLast(record);
        ProducerPosition += footprint;
        return record;
    }

    /// <summary>Ends a busy record: its bytes are copied out for the consumer, or it is marked discarded.</summary>
    public static void Finish(RingRecord record, bool submit)
    {
        if (submit)
        {
            record.Bytes = new ReadOnlySpan<byte>(record.Memory, (int)record.Length).ToArray();
        }

        record.Discarded = !submit;
        NativeMemory.Free(record.Memory);
        record.Memory = null;
    }

    /// <summary>The oldest record not consumed yet (busy, submitted or discarded), or null when the consumer has caught up.</summary>
    public RingRecord? Oldest => records.First?.Value;

    /// <summary>Moves the consumer past the oldest record.</summary>
    public void Consume()
    {
        var oldest = records.First!.Value;
        records.RemoveFirst();
        ConsumerPosition += Footprint(oldest.Length);
    }

    /// <summary>Consumes every record up to the first busy one, as user space reads a ring buffer: the submitted ones, oldest first.</summary>
    public List<byte[]> ConsumeAll()
    {
        var taken = new List<byte[]>();
        while (Oldest is { Busy: false } next)
        {
            if (next.Bytes is { } bytes)
            {
                taken.Add(bytes);
            }

            Consume();
        }

        return taken;
    }

    private static ulong Footprint(uint length) => ((ulong)length + HeaderSize + 7) & ~7UL;
}
