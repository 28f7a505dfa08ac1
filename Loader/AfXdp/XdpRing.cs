using System.Runtime.InteropServices;
using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader.AfXdp;

/// <summary>
/// One of an AF_XDP socket's four single-producer, single-consumer rings, mapped from the socket. User space produces on the
/// fill and TX rings and consumes from the RX and completion rings; the kernel does the other side. Each side owns its index,
/// publishes it with a release store and reads the other's with an acquire load, so an entry is written before its index moves.
/// </summary>
internal sealed unsafe class XdpRing : IDisposable
{
    private readonly uint* producer;
    private readonly uint* consumer;
    private readonly byte* entries;
    private readonly uint entrySize;
    private readonly uint mask;
    private readonly nuint length;
    private void* mapping;

    private XdpRing(void* mapping, nuint length, XdpRingOffset offsets, uint size, uint entrySize)
    {
        this.mapping = mapping;
        this.length = length;
        this.entrySize = entrySize;
        Size = size;
        mask = size - 1;
        producer = (uint*)((byte*)mapping + offsets.producer);
        consumer = (uint*)((byte*)mapping + offsets.consumer);
        entries = (byte*)mapping + offsets.desc;
    }

    /// <summary>How many entries the ring has (a power of two).</summary>
    public uint Size { get; }

    /// <summary>Entries the producer may still write before the consumer catches up.</summary>
    public uint Free => Size - (*producer - Volatile.Read(ref *consumer));

    /// <summary>Entries written and not consumed yet.</summary>
    public uint Available => Volatile.Read(ref *producer) - *consumer;

    /// <summary>
    /// Maps the ring at <paramref name="pageOffset"/> of socket <paramref name="fd"/> (XDP_PGOFF_RX_RING, ...), laid out as
    /// <paramref name="offsets"/> say, its <paramref name="size"/> entries of <paramref name="entrySize"/> bytes after them.
    /// </summary>
    public static XdpRing Map(int fd, XdpRingOffset offsets, uint size, uint entrySize, long pageOffset, string step)
    {
        nuint length = (nuint)(offsets.desc + size * entrySize);
        void* mapping = LibC.mmap(null, length, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_SHARED | LibC.MAP_POPULATE, fd, pageOffset);
        if (mapping == (void*)-1)
            throw AfXdpErrors.Failed(step, Marshal.GetLastPInvokeError());
        return new XdpRing(mapping, length, offsets, size, entrySize);
    }

    /// <summary>The producer's entry <paramref name="index"/> places past its index, to write before <see cref="Produce"/>.</summary>
    public T* ProducerEntry<T>(uint index) where T : unmanaged => (T*)(entries + ((*producer + index) & mask) * entrySize);

    /// <summary>Publishes <paramref name="count"/> written entries to the consumer.</summary>
    public void Produce(uint count) => Volatile.Write(ref *producer, *producer + count);

    /// <summary>The consumer's entry <paramref name="index"/> places past its index, to read before <see cref="Consume"/>.</summary>
    public T* ConsumerEntry<T>(uint index) where T : unmanaged => (T*)(entries + ((*consumer + index) & mask) * entrySize);

    /// <summary>Gives <paramref name="count"/> read entries back to the producer.</summary>
    public void Consume(uint count) => Volatile.Write(ref *consumer, *consumer + count);

    /// <summary>Unmaps the ring.</summary>
    public void Dispose()
    {
        if (mapping != null)
            _ = LibC.munmap(mapping, length);
        mapping = null;
    }
}
