using System.Runtime.InteropServices;

namespace TraitsBpf.Differential.Tests.Maps;

/// <summary>
/// Drains a BPF ring buffer map the way libbpf's ring_buffer__consume does, through the map's
/// mmap'ed consumer and producer pages: the loader has no ring buffer reader, and the harness
/// only needs to take what is there now.
/// </summary>
internal static unsafe partial class RingBufferReader
{
    private const int ProtRead = 1;
    private const int ProtWrite = 2;
    private const int MapShared = 1;
    private const uint BusyBit = 1u << 31;
    private const uint DiscardBit = 1u << 30;
    private const int HeaderSize = 8;

    /// <summary>The committed records in the ring buffer map <paramref name="fd"/> of <paramref name="size"/> data bytes, which are then consumed.</summary>
    public static List<byte[]> Drain(int fd, int size)
    {
        nuint page = (nuint)Environment.SystemPageSize;
        // The data area is mapped twice in a row, so a record that wraps reads as one piece.
        nuint producerLength = page + 2 * (nuint)size;
        void* consumer = Map(page, ProtRead | ProtWrite, fd, 0);
        void* producer = null;
        try
        {
            producer = Map(producerLength, ProtRead, fd, (nint)page);
            ulong consumed = Volatile.Read(ref *(ulong*)consumer);
            ulong produced = Volatile.Read(ref *(ulong*)producer);
            byte* data = (byte*)producer + page;
            ulong mask = (ulong)size - 1;
            var records = new List<byte[]>();
            while (consumed < produced)
            {
                uint header = Volatile.Read(ref *(uint*)(data + (consumed & mask)));
                if ((header & BusyBit) != 0)
                {
                    break;
                }

                int length = (int)(header & ~(BusyBit | DiscardBit));
                if ((header & DiscardBit) == 0)
                {
                    records.Add(new ReadOnlySpan<byte>(data + (consumed & mask) + HeaderSize, length).ToArray());
                }

                consumed += (ulong)((length + HeaderSize + 7) & ~7);
            }

            Volatile.Write(ref *(ulong*)consumer, consumed);
            return records;
        }
        finally
        {
            if (producer != null)
            {
                _ = munmap(producer, producerLength);
            }

            _ = munmap(consumer, page);
        }
    }

    private static void* Map(nuint length, int protection, int fd, nint offset)
    {
        void* address = mmap(null, length, protection, MapShared, fd, offset);
        if (address == (void*)-1)
        {
            throw new InvalidOperationException($"mmap of ring buffer map fd {fd} failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return address;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial void* mmap(void* address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int munmap(void* address, nuint length);
}
