using System.Runtime.InteropServices;
using TraitsBpf.Loader.Interop;
using TraitsBpf.Object;

namespace TraitsBpf.Loader;

/// <summary>
/// Writes records into a user ring buffer map (BPF_MAP_TYPE_USER_RINGBUF, C# <c>UserRingBuffer</c>) for programs to
/// drain, through libbpf's user_ring_buffer: each record is reserved in the memory-mapped ring (its length plus an
/// 8-byte header, rounded up to 8), filled, and submitted or discarded; a program's drain sees the submitted ones in
/// order. One writer per map at a time: libbpf's producer side is not shared between writers. The map's descriptor must
/// outlive the writer.
/// </summary>
public sealed unsafe class UserRingBufferWriter : IDisposable
{
    private nint ring;

    /// <summary>Maps <paramref name="map"/>'s ring for writing.</summary>
    /// <exception cref="ArgumentException">The map is not a user ring buffer.</exception>
    /// <exception cref="LoaderException">libbpf cannot map it.</exception>
    public UserRingBufferWriter(IBpfMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (map.Type != BpfMapType.UserRingBuffer)
            throw new ArgumentException($"map '{map.Name}' is a {map.Type}, not a UserRingBuffer: only a user ring buffer takes records from user space", nameof(map));
        Map = map;
        ring = Native.user_ring_buffer__new(map.Fd, null);
        if (ring == 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new LoaderException(LoaderErrorKind.Failed, $"cannot map user ring buffer '{map.Name}' for writing: {Errno.Describe(errno)}") { Errno = errno };
        }
    }

    /// <summary>The map written to.</summary>
    public IBpfMap Map { get; }

    /// <summary>Writes <paramref name="record"/> as one record: true, or false when the ring has no room for it now.</summary>
    /// <exception cref="ArgumentException">The record could never fit: with its header it is larger than the ring.</exception>
    public bool TryWrite(ReadOnlySpan<byte> record)
    {
        if (Reserved(record.Length, Native.user_ring_buffer__reserve(Handle, (uint)record.Length)) is not { } reserved)
            return false;
        record.CopyTo(reserved.Bytes);
        reserved.Submit();
        return true;
    }

    /// <summary>Writes <paramref name="record"/>'s bytes as one record (see <see cref="TryWrite(ReadOnlySpan{byte})"/>); use the program's own struct.</summary>
    public bool TryWrite<T>(in T record)
        where T : unmanaged =>
        TryWrite(MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in record)));

    /// <summary>Writes <paramref name="record"/>, waiting up to <paramref name="timeout"/> for a program to drain room for it; false when none came.</summary>
    /// <exception cref="ArgumentException">The record could never fit.</exception>
    public bool Write(ReadOnlySpan<byte> record, TimeSpan timeout)
    {
        int milliseconds = (int)Math.Clamp(timeout.TotalMilliseconds, 0, int.MaxValue);
        if (Reserved(record.Length, Native.user_ring_buffer__reserve_blocking(Handle, (uint)record.Length, milliseconds)) is not { } reserved)
            return false;
        record.CopyTo(reserved.Bytes);
        reserved.Submit();
        return true;
    }

    /// <summary>
    /// Reserves a record of <paramref name="size"/> bytes to fill in place, or null when the ring has no room now. The
    /// record must then be submitted or discarded (a discarded one keeps its room until a drain passes it, and no
    /// callback sees it), and records are drained in the order they were reserved.
    /// </summary>
    /// <exception cref="ArgumentException">The record could never fit.</exception>
    public UserRingBufferRecord? Reserve(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return Reserved(size, Native.user_ring_buffer__reserve(Handle, (uint)size));
    }

    /// <summary>Unmaps the ring. Records reserved and not yet submitted are lost, and block later records until the map is gone.</summary>
    public void Dispose()
    {
        if (ring != 0)
            Native.user_ring_buffer__free(ring);
        ring = 0;
    }

    internal void Submit(void* sample) => Native.user_ring_buffer__submit(Handle, sample);

    internal void Discard(void* sample) => Native.user_ring_buffer__discard(Handle, sample);

    private nint Handle => ring != 0 ? ring : throw new ObjectDisposedException(nameof(UserRingBufferWriter));

    /// <summary>The record libbpf reserved, or null for ENOSPC and ETIMEDOUT (no room yet); other failures throw.</summary>
    private UserRingBufferRecord? Reserved(int size, void* sample)
    {
        if (sample != null)
            return new UserRingBufferRecord(this, sample, size);
        var errno = Marshal.GetLastPInvokeError();
        return errno switch
        {
            Errno.ENOSPC or Errno.ETIMEDOUT => null,
            Errno.E2BIG => throw new ArgumentException($"a record of {size} bytes cannot fit user ring buffer '{Map.Name}' of {Map.MaxEntries} bytes (each record takes 8 bytes of header too)", nameof(size)),
            _ => throw new LoaderException(LoaderErrorKind.Failed, $"cannot reserve a record of {size} bytes in user ring buffer '{Map.Name}': {Errno.Describe(errno)}") { Errno = errno },
        };
    }
}
