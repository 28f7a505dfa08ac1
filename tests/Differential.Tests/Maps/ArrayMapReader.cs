using System.Runtime.InteropServices;
using TraitsBpf.Loader;

namespace TraitsBpf.Differential.Tests.Maps;

/// <summary>
/// Reads every element of an array or per-CPU array map with one BPF_MAP_LOOKUP_BATCH (libbpf's
/// bpf_map_lookup_batch) instead of a lookup per index: a snapshot after every packet of a 65,536-entry
/// port table would otherwise make two system calls per entry. The loader has no batch reads.
/// </summary>
internal static unsafe partial class ArrayMapReader
{
    private const int ENOENT = 2;

    /// <summary>
    /// Every index of <paramref name="map"/> with its value buffer (every CPU's copy for a per-CPU map, as a
    /// lookup returns it), in the kernel's order: the indexes four bytes each, the buffers one after the other.
    /// </summary>
    public static (byte[] Keys, byte[] Values) ReadAll(BpfMap map)
    {
        uint count = (uint)map.MaxEntries;
        var keys = new byte[map.MaxEntries * sizeof(uint)];
        var values = new byte[map.MaxEntries * map.ValueBufferSize];
        uint next;
        int rc;
        fixed (byte* k = keys)
        fixed (byte* v = values)
        {
            rc = bpf_map_lookup_batch(map.Fd, null, &next, k, v, &count, null);
        }

        // -ENOENT: the batch reached the last element, which is how reading all of them in one batch ends.
        if ((rc < 0 && rc != -ENOENT) || count != (uint)map.MaxEntries)
        {
            throw new InvalidOperationException($"batch lookup of map {map.Name} read {count} of {map.MaxEntries} elements (rc {rc})");
        }

        return (keys, values);
    }

    [LibraryImport("libbpf.so.1")]
    private static partial int bpf_map_lookup_batch(int fd, void* inBatch, void* outBatch, void* keys, void* values, uint* count, void* opts);
}
