using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>
/// BPF_MAP_TYPE_RINGBUF: a buffer of <c>sizeBytes</c> (a power of two, at least one page) that
/// programs write records into and user space reads in order. In managed execution records
/// collect in <see cref="Records"/>, and the producer and consumer positions move as the kernel's do
/// (each record takes its length plus an 8-byte header, rounded up to 8, from its reservation on, and
/// the records may fill the buffer to one byte less than its size) until <see cref="TakeRecords"/>
/// consumes them as user space does.
/// </summary>
public sealed unsafe class RingBuffer : IDisposable
{
    private static readonly Dictionary<nint, RingRecord> Reservations = [];
    private readonly RingRecords records;

    /// <summary>Declares the ring buffer.</summary>
    public RingBuffer(int sizeBytes)
    {
        if (sizeBytes < 4096 || (sizeBytes & (sizeBytes - 1)) != 0)
        {
            throw new ArgumentException("A ring buffer's size must be a power of two of at least 4096 bytes.", nameof(sizeBytes));
        }

        SizeBytes = sizeBytes;
        records = new RingRecords(sizeBytes);
    }

    /// <summary>The buffer's size in bytes (max_entries).</summary>
    public int SizeBytes { get; }

    /// <summary>Records submitted and not yet taken, oldest first, without the discarded ones (managed only).</summary>
    public IReadOnlyList<byte[]> Records => [.. records.Submitted];

    /// <summary>Copies <paramref name="data"/> into a new record (bpf_ringbuf_output): 0, or -EAGAIN when the buffer is full.</summary>
    [BpfIntrinsic("ringbuf.output", Helper = BpfHelper.RingbufOutput)]
    public int Output<T>(in T data)
        where T : unmanaged
    {
        if (Reserve((uint)sizeof(T)) is not { } record)
        {
            return -Errno.EAGAIN;
        }

        fixed (T* p = &data)
        {
            Buffer.MemoryCopy(p, record.Memory, sizeof(T), sizeof(T));
        }

        RingRecords.Finish(record, submit: true);
        return 0;
    }

    /// <summary>Reserves room for a <typeparamref name="T"/> (bpf_ringbuf_reserve), or null when full. Every reservation must be submitted or discarded.</summary>
    [BpfIntrinsic("ringbuf.reserve", Helper = BpfHelper.RingbufReserve)]
    public T* Reserve<T>()
        where T : unmanaged =>
        Reserve((uint)sizeof(T)) is { } record ? (T*)Hold(record) : null;

    /// <summary>Publishes a reserved record (bpf_ringbuf_submit).</summary>
    [BpfHelper(BpfHelper.RingbufSubmit)]
    public static void Submit(void* record, ulong flags = 0) => Release(record, submit: true);

    /// <summary>Drops a reserved record (bpf_ringbuf_discard).</summary>
    [BpfHelper(BpfHelper.RingbufDiscard)]
    public static void Discard(void* record, ulong flags = 0) => Release(record, submit: false);

    /// <summary>
    /// Reserves a record of <paramref name="size"/> bytes, a size known only at run time, and makes
    /// <paramref name="record"/> a <see cref="Dynptr"/> over it (bpf_ringbuf_reserve_dynptr): write it with
    /// <see cref="Dynptr.Write"/> or through <see cref="Dynptr.Data"/>, then <see cref="SubmitDynptr"/> or
    /// <see cref="DiscardDynptr"/> it. Returns 0, -E2BIG over <see cref="Dynptr.MaxSize"/>, or -EINVAL when the buffer has
    /// no room; then <paramref name="record"/> is null, and must still be submitted or discarded, which does nothing:
    /// the verifier requires it on every path after the call, and the compiler refuses a path that leaves it, a second
    /// submit and a use after the submit at their C# line.
    /// </summary>
    [BpfIntrinsic("ringbuf.reserve_dynptr", Helper = BpfHelper.RingbufReserveDynptr)]
    public int ReserveDynptr(uint size, out Dynptr record)
    {
        if (size > Dynptr.MaxSize)
        {
            record = default;
            return -Errno.E2BIG;
        }

        if (Reserve(size) is not { } reserved)
        {
            record = default;
            return -Errno.EINVAL;
        }

        record = Dynptr.OverRecord((byte*)Hold(reserved), size);
        return 0;
    }

    /// <summary>Publishes the record <paramref name="record"/> holds (bpf_ringbuf_submit_dynptr) and makes it null; nothing for a null one.</summary>
    [BpfHelper(BpfHelper.RingbufSubmitDynptr)]
    public static void SubmitDynptr(ref Dynptr record, ulong flags = 0) => ReleaseDynptr(ref record, submit: true);

    /// <summary>Drops the record <paramref name="record"/> holds (bpf_ringbuf_discard_dynptr) and makes it null; nothing for a null one.</summary>
    [BpfHelper(BpfHelper.RingbufDiscardDynptr)]
    public static void DiscardDynptr(ref Dynptr record, ulong flags = 0) => ReleaseDynptr(ref record, submit: false);

    /// <summary>
    /// The buffer's positions and size as the kernel counts them (bpf_ringbuf_query): bytes not yet consumed, the size,
    /// the consumer or the producer position; 0 for another <paramref name="what"/>.
    /// </summary>
    [BpfHelper(BpfHelper.RingbufQuery)]
    public ulong Query(RingBufferQuery what) => what switch
    {
        RingBufferQuery.AvailableData => records.ProducerPosition - records.ConsumerPosition,
        RingBufferQuery.RingSize => (ulong)SizeBytes,
        RingBufferQuery.ConsumerPosition => records.ConsumerPosition,
        RingBufferQuery.ProducerPosition => records.ProducerPosition,
        _ => 0,
    };

    /// <summary>
    /// Consumes the records written so far, as user space does: the submitted ones up to the first still reserved,
    /// oldest first, which frees their room and moves the consumer position past them and the discarded ones (managed only).
    /// </summary>
    public IReadOnlyList<byte[]> TakeRecords() => records.ConsumeAll();

    /// <summary>Consumes all records (managed only).</summary>
    public void Clear() => TakeRecords();

    /// <summary>Consumes all records; nothing else to free, since records live in managed memory once published.</summary>
    public void Dispose() => TakeRecords();

    /// <summary>A program's reservation: the kernel lets the producer get at most one byte less than the size ahead of the consumer.</summary>
    private RingRecord? Reserve(uint size) => records.Reserve(size, (ulong)SizeBytes - 1);

    private static void* Hold(RingRecord record)
    {
        Reservations[(nint)record.Memory] = record;
        return record.Memory;
    }

    private static void Release(void* memory, bool submit)
    {
        if (!Reservations.Remove((nint)memory, out var record))
        {
            throw new InvalidOperationException("The record was not reserved from a ring buffer, or was already submitted or discarded.");
        }

        RingRecords.Finish(record, submit);
    }

    private static void ReleaseDynptr(ref Dynptr record, bool submit)
    {
        if (record.Memory != null)
        {
            Release(record.Memory, submit);
        }

        record = default;
    }
}
