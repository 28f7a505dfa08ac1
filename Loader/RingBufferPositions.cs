using System.Runtime.InteropServices;
using TraitsBpf.Loader.Interop;
using TraitsBpf.Object;

namespace TraitsBpf.Loader;

/// <summary>
/// Where a ring buffer's consumer and producer are (BPF_MAP_TYPE_RINGBUF or USER_RINGBUF), in bytes since the map was
/// created, as programs see them through bpf_ringbuf_query: read from the map's first two pages, mapped read-only, which
/// leaves the buffer as it is.
/// </summary>
/// <param name="Consumer">How far the records have been consumed (read by user space, or drained by programs).</param>
/// <param name="Producer">How far records have been reserved, submitted or not.</param>
public readonly record struct RingBufferPositions(ulong Consumer, ulong Producer)
{
    /// <summary>Bytes written and not yet consumed, record headers and padding included.</summary>
    public ulong Unconsumed => Producer - Consumer;

    /// <summary>Reads <paramref name="map"/>'s positions.</summary>
    /// <exception cref="ArgumentException">The map is not a ring buffer.</exception>
    /// <exception cref="LoaderException">The kernel refuses to map it.</exception>
    public static unsafe RingBufferPositions Read(IBpfMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (map.Type is not (BpfMapType.RingBuffer or BpfMapType.UserRingBuffer))
            throw new ArgumentException($"map '{map.Name}' is a {map.Type}, not a ring buffer", nameof(map));
        var page = (nuint)Environment.SystemPageSize;
        // The consumer position starts the first page and the producer position the second.
        void* pages = LibC.mmap(null, 2 * page, LibC.PROT_READ, LibC.MAP_SHARED, map.Fd, 0);
        if (pages == (void*)-1)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new LoaderException(LoaderErrorKind.Failed, $"cannot map ring buffer '{map.Name}' to read its positions: {Errno.Describe(errno)}") { Errno = errno };
        }

        try
        {
            return new RingBufferPositions(Volatile.Read(ref *(ulong*)pages), Volatile.Read(ref *(ulong*)((byte*)pages + page)));
        }
        finally
        {
            _ = LibC.munmap(pages, 2 * page);
        }
    }
}
