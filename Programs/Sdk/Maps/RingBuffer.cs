using System.Runtime.InteropServices;
using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>
/// BPF_MAP_TYPE_RINGBUF: a buffer of <c>sizeBytes</c> (a power of two, at least one page) that
/// programs write records into and user space reads in order. In managed execution records
/// collect in <see cref="Records"/>; the buffer fills up as the kernel's does (each record takes
/// its length rounded up to 8 plus an 8-byte header) until <see cref="TakeRecords"/> empties it.
/// </summary>
public sealed unsafe class RingBuffer : IDisposable
{
    private const int HeaderSize = 8;
    private static readonly Dictionary<nint, (RingBuffer Owner, int Size)> Reservations = [];
    private readonly List<byte[]> records = [];
    private int used;

    /// <summary>Declares the ring buffer.</summary>
    public RingBuffer(int sizeBytes)
    {
        if (sizeBytes < 4096 || (sizeBytes & (sizeBytes - 1)) != 0)
        {
            throw new ArgumentException("A ring buffer's size must be a power of two of at least 4096 bytes.", nameof(sizeBytes));
        }

        SizeBytes = sizeBytes;
    }

    /// <summary>The buffer's size in bytes (max_entries).</summary>
    public int SizeBytes { get; }

    /// <summary>Records written and not yet taken, oldest first (managed only).</summary>
    public IReadOnlyList<byte[]> Records => records;

    /// <summary>Copies <paramref name="data"/> into a new record (bpf_ringbuf_output): 0, or -EAGAIN when the buffer is full.</summary>
    [BpfIntrinsic("ringbuf.output", Helper = BpfHelper.RingbufOutput)]
    public int Output<T>(in T data)
        where T : unmanaged
    {
        if (!Fits(sizeof(T)))
        {
            return -Errno.EAGAIN;
        }

        fixed (T* p = &data)
        {
            Commit(new ReadOnlySpan<byte>(p, sizeof(T)).ToArray());
        }

        return 0;
    }

    /// <summary>Reserves room for a <typeparamref name="T"/> (bpf_ringbuf_reserve), or null when full. Every reservation must be submitted or discarded.</summary>
    [BpfIntrinsic("ringbuf.reserve", Helper = BpfHelper.RingbufReserve)]
    public T* Reserve<T>()
        where T : unmanaged
    {
        if (!Fits(sizeof(T)))
        {
            return null;
        }

        used += Footprint(sizeof(T));
        var record = NativeMemory.AllocZeroed((nuint)sizeof(T));
        Reservations[(nint)record] = (this, sizeof(T));
        return (T*)record;
    }

    /// <summary>Publishes a reserved record (bpf_ringbuf_submit).</summary>
    [BpfHelper(BpfHelper.RingbufSubmit)]
    public static void Submit(void* record, ulong flags = 0) => Release(record, publish: true);

    /// <summary>Drops a reserved record (bpf_ringbuf_discard).</summary>
    [BpfHelper(BpfHelper.RingbufDiscard)]
    public static void Discard(void* record, ulong flags = 0) => Release(record, publish: false);

    /// <summary>Removes and returns the records written so far, freeing their room (managed only).</summary>
    public IReadOnlyList<byte[]> TakeRecords()
    {
        var taken = records.ToList();
        records.Clear();
        used = 0;
        return taken;
    }

    /// <summary>Forgets all records (managed only).</summary>
    public void Clear() => TakeRecords();

    /// <summary>Nothing to free: records live in managed memory once published.</summary>
    public void Dispose() => records.Clear();

    private static int Footprint(int size) => ((size + 7) & ~7) + HeaderSize;

    private bool Fits(int size) => used + Footprint(size) <= SizeBytes;

    private void Commit(byte[] record)
    {
        used += Footprint(record.Length);
        records.Add(record);
    }

    private static void Release(void* record, bool publish)
    {
        if (!Reservations.Remove((nint)record, out var reservation))
        {
            throw new InvalidOperationException("The record was not reserved from a ring buffer, or was already submitted or discarded.");
        }

        reservation.Owner.used -= Footprint(reservation.Size);
        if (publish)
        {
            reservation.Owner.Commit(new ReadOnlySpan<byte>(record, reservation.Size).ToArray());
        }

        NativeMemory.Free(record);
    }
}
