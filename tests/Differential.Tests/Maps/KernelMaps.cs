using TraitsBpf.Differential.Tests.Samples;
using TraitsBpf.Loader;
using TraitsBpf.Object;

namespace TraitsBpf.Differential.Tests.Maps;

/// <summary>
/// Reads a loaded object's maps into a <see cref="MapSnapshot"/> that compares with managed
/// execution's: every key with its value (array entries read in one batch, zero ones left out), per-CPU
/// values summed over CPUs, ring buffers drained.
/// </summary>
public static class KernelMaps
{
    /// <summary>The maps named <paramref name="names"/> in <paramref name="bpf"/>.</summary>
    public static MapSnapshot Snapshot(BpfObject bpf, IEnumerable<string> names, IReadOnlyList<ClockField> clocks)
    {
        var snapshot = new MapSnapshot();
        foreach (var name in names)
        {
            var map = bpf.Map(name);
            if (map.Type == BpfMapType.RingBuffer)
            {
                using var reader = new RingBufferReader(map.Fd, map.MaxEntries);
                var records = reader.Drain();
                snapshot.Add(name, records.Select((record, i) => EntryText.Record(name, i, record, clocks)), ordered: true);
                continue;
            }

            if (map.Type is BpfMapType.Array or BpfMapType.PerCpuArray)
            {
                snapshot.Add(name, ArrayEntries(map, clocks));
                continue;
            }

            var buffer = new byte[map.ValueBufferSize];
            var entries = new List<string>();
            foreach (var key in map.Keys())
            {
                if (map.Lookup(key, buffer))
                {
                    ReadOnlySpan<byte> value = map.IsPerCpu ? PerCpuValues.Sum(buffer, map.ValueSize) : buffer.AsSpan(0, map.ValueSize);
                    entries.Add(EntryText.Entry(name, key, value, clocks));
                }
            }

            snapshot.Add(name, entries);
        }

        return snapshot;
    }

    // Every index of an array exists, so a zero value is left out on every side, as if absent: an entry only
    // one side leaves out still shows as a difference, and a 65,536-entry table costs what its used entries cost.
    private static List<string> ArrayEntries(BpfMap map, IReadOnlyList<ClockField> clocks)
    {
        var (keys, values) = ArrayMapReader.ReadAll(map);
        var entries = new List<string>();
        for (int i = 0; i < map.MaxEntries; i++)
        {
            var buffer = values.AsSpan(i * map.ValueBufferSize, map.ValueBufferSize);
            ReadOnlySpan<byte> value = map.IsPerCpu ? PerCpuValues.Sum(buffer, map.ValueSize) : buffer[..map.ValueSize];
            if (value.ContainsAnyExcept((byte)0))
            {
                entries.Add(EntryText.Entry(map.Name, keys.AsSpan(i * sizeof(uint), sizeof(uint)), value, clocks));
            }
        }

        return entries;
    }
}
