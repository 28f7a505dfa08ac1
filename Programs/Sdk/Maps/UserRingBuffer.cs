using System.Runtime.InteropServices;
using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>
/// BPF_MAP_TYPE_USER_RINGBUF (Linux 6.1+): a buffer of <c>sizeBytes</c> (a power of two, at least one page) that user
/// space writes records into and programs drain in order with <see cref="Drain{TState}"/>. User space writes through the
/// loader (<c>TraitsBpf.Loader.UserRingBufferWriter</c>, libbpf's user_ring_buffer); in managed execution a test writes
/// the records with <see cref="Write(ReadOnlySpan{byte})"/>, and the buffer fills up and empties as the kernel's does
/// (each record takes its length plus an 8-byte header, rounded up to 8, until a drain passes it).
/// </summary>
public sealed unsafe class UserRingBuffer
{
    /// <summary>The most records one <see cref="Drain{TState}"/> call takes (BPF_MAX_USER_RINGBUF_SAMPLES), discarded ones included.</summary>
    public const int MaxDrainRecords = 128 * 1024;

    // BPF_RB_NO_WAKEUP | BPF_RB_FORCE_WAKEUP: the only flags bpf_user_ringbuf_drain takes.
    private const ulong WakeupFlags = 3;

    private readonly RingRecords records;
    private bool draining;

    /// <summary>Declares the user ring buffer.</summary>
    public UserRingBuffer(int sizeBytes)
    {
        if (sizeBytes < 4096 || (sizeBytes & (sizeBytes - 1)) != 0)
        {
            throw new ArgumentException("A user ring buffer's size must be a power of two of at least 4096 bytes.", nameof(sizeBytes));
        }

        SizeBytes = sizeBytes;
        records = new RingRecords(sizeBytes);
    }

    /// <summary>The buffer's size in bytes (max_entries).</summary>
    public int SizeBytes { get; }

    /// <summary>Records written and not yet drained, oldest first, without the discarded ones (managed only).</summary>
    public IReadOnlyList<byte[]> Records => [.. records.Submitted];

    /// <summary>
    /// Calls <paramref name="callback"/> with each record user space has written, oldest first, and
    /// <paramref name="state"/> (bpf_user_ringbuf_drain), stopping after a record for which it returns 1 or when no
    /// record is left; each record it sees is consumed, its room free for user space again. Returns the number of
    /// records drained (the one that stopped it included; records user space discarded are passed over and not
    /// counted), -EINVAL for <paramref name="flags"/> other than BPF_RB_NO_WAKEUP (1) and BPF_RB_FORCE_WAKEUP (2), or
    /// -EBUSY when the buffer is being drained already. The callback must be a static method or a static lambda, and
    /// the state a local of the program.
    /// </summary>
    [BpfIntrinsic("user_ringbuf.drain", Helper = BpfHelper.UserRingbufDrain)]
    public int Drain<TState>(UserRingBufferCallback<TState> callback, ref TState state, ulong flags = 0)
        where TState : unmanaged
    {
        ArgumentNullException.ThrowIfNull(callback);
        if ((flags & ~WakeupFlags) != 0)
        {
            return -Errno.EINVAL;
        }

        if (draining)
        {
            return -Errno.EBUSY;
        }

        draining = true;
        try
        {
            return DrainRecords(callback, ref state);
        }
        finally
        {
            draining = false;
        }
    }

    /// <summary>
    /// Writes a record as user space does (libbpf's user_ring_buffer__reserve and __submit): true, or false when the
    /// buffer has no room for it (managed only; user space may fill the whole size).
    /// </summary>
    public bool Write(ReadOnlySpan<byte> record)
    {
        if (records.Reserve((uint)record.Length, (ulong)SizeBytes) is not { } reserved)
        {
            return false;
        }

        record.CopyTo(new Span<byte>(reserved.Memory, record.Length));
        RingRecords.Finish(reserved, submit: true);
        return true;
    }

    /// <summary>Writes <paramref name="record"/>'s bytes as a record (see <see cref="Write(ReadOnlySpan{byte})"/>).</summary>
    public bool Write<T>(in T record)
        where T : unmanaged =>
        Write(MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in record)));

    /// <summary>
    /// A record of <paramref name="length"/> bytes that user space reserved and then discarded
    /// (user_ring_buffer__discard): it takes room until a drain passes it, and no callback sees it (managed only).
    /// </summary>
    public bool WriteDiscarded(uint length)
    {
        if (records.Reserve(length, (ulong)SizeBytes) is not { } reserved)
        {
            return false;
        }

        RingRecords.Finish(reserved, submit: false);
        return true;
    }

    /// <summary>The kernel's loop: discarded records count toward the limit but not in the result.</summary>
    private int DrainRecords<TState>(UserRingBufferCallback<TState> callback, ref TState state)
        where TState : unmanaged
    {
        int samples = 0, discarded = 0;
        for (bool stop = false; samples < MaxDrainRecords && !stop; samples++)
        {
            if (records.Oldest is not { Busy: false } oldest)
            {
                break;
            }

            if (oldest.Discarded)
            {
                discarded++;
                records.Consume();
                continue;
            }

            stop = MapCallbacks.Stops(Call(callback, oldest.Bytes!, ref state));
            records.Consume();
        }

        return samples - discarded;
    }

    /// <summary>Calls back with a dynptr over a copy of the record, as the kernel's points into the ring (writable, and gone once consumed).</summary>
    private static long Call<TState>(UserRingBufferCallback<TState> callback, byte[] bytes, ref TState state)
        where TState : unmanaged
    {
        byte* copy = (byte*)NativeMemory.Alloc((nuint)Math.Max(bytes.Length, 1));
        try
        {
            bytes.CopyTo(new Span<byte>(copy, bytes.Length));
            var record = Dynptr.OverRecord(copy, (uint)bytes.Length);
            return callback(in record, ref state);
        }
        finally
        {
            NativeMemory.Free(copy);
        }
    }
}
