using System.Runtime.InteropServices;
using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader;

/// <summary>
/// Reads a BPF ring buffer map (BPF_MAP_TYPE_RINGBUF) through its memory-mapped consumer and producer
/// pages, as the kernel's ring buffer protocol defines them: records in order, each behind an 8-byte
/// header whose top bits say busy (not committed yet) or discarded. The map stays mapped while the
/// reader lives; the map's descriptor must outlive it.
/// </summary>
public sealed unsafe class RingBufferReader : IDisposable
{
    private const uint BusyBit = 1u << 31;
    private const uint DiscardBit = 1u << 30;
    private const int HeaderSize = 8;

    private readonly int fd;
    private readonly nuint page = (nuint)Environment.SystemPageSize;
    private readonly nuint producerLength;
    private readonly ulong mask;
    private void* consumer;
    private void* producer;

    /// <summary>Maps the ring buffer map <paramref name="fd"/> of <paramref name="size"/> data bytes (its max_entries).</summary>
    /// <exception cref="LoaderException">The kernel refuses to map it.</exception>
    public RingBufferReader(int fd, int size)
    {
        this.fd = fd;
        mask = (ulong)size - 1;
        // The data area is mapped twice in a row, so a record that wraps reads as one piece.
        producerLength = page + 2 * (nuint)size;
        consumer = Map(page, LibC.PROT_READ | LibC.PROT_WRITE, 0);
        try
        {
            producer = Map(producerLength, LibC.PROT_READ, (long)page);
        }
        catch
        {
            _ = LibC.munmap(consumer, page);
            throw;
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the kernel to signal new records; true when it did (or a signal interrupted the wait).</summary>
    public bool Wait(TimeSpan timeout)
    {
        var poll = new PollFd { fd = fd, events = LibC.POLLIN };
        return LibC.poll(&poll, 1, (int)Math.Clamp(timeout.TotalMilliseconds, 0, int.MaxValue)) != 0;
    }

    /// <summary>The committed records not read yet, oldest first, which are then consumed; stops at the first record still being written.</summary>
    public List<byte[]> Drain()
    {
        ObjectDisposedException.ThrowIf(consumer == null, this);
        ulong consumed = Volatile.Read(ref *(ulong*)consumer);
        ulong produced = Volatile.Read(ref *(ulong*)producer);
        byte* data = (byte*)producer + page;
        var records = new List<byte[]>();
        while (consumed < produced)
        {
            uint header = Volatile.Read(ref *(uint*)(data + (consumed & mask)));
            if ((header & BusyBit) != 0)
                break;
            int length = (int)(header & ~(BusyBit | DiscardBit));
            if ((header & DiscardBit) == 0)
                records.Add(new ReadOnlySpan<byte>(data + (consumed & mask) + HeaderSize, length).ToArray());
            consumed += (ulong)((length + HeaderSize + 7) & ~7);
        }

        Volatile.Write(ref *(ulong*)consumer, consumed);
        return records;
    }

    /// <summary>Unmaps the buffer.</summary>
    public void Dispose()
    {
        if (producer != null)
            _ = LibC.munmap(producer, producerLength);
        if (consumer != null)
            _ = LibC.munmap(consumer, page);
        producer = null;
        consumer = null;
    }

    private void* Map(nuint length, int protection, long offset)
    {
        void* address = LibC.mmap(null, length, protection, LibC.MAP_SHARED, fd, offset);
        if (address == (void*)-1)
            throw new LoaderException(LoaderErrorKind.Failed, $"cannot map ring buffer map fd {fd}: {Errno.Describe(Marshal.GetLastPInvokeError())}");
        return address;
    }
}
