using TraitsBpf.Loader;
using TraitsBpf.Object;

namespace TraitsBpf.Cli.Output;

/// <summary>A map and its entries, as <c>maps</c> prints them.</summary>
/// <param name="Name">The map's name.</param>
/// <param name="Type">Its type.</param>
/// <param name="KeySize">Key bytes.</param>
/// <param name="ValueSize">Value bytes (per CPU).</param>
/// <param name="MaxEntries">Capacity.</param>
/// <param name="Entries">The entries present.</param>
public sealed record MapDump(string Name, string Type, int KeySize, int ValueSize, int MaxEntries, IReadOnlyList<MapEntry> Entries)
{
    /// <summary>For a ring buffer or a user ring buffer, which holds records rather than entries: its consumer and producer positions.</summary>
    public RingBufferPositions? Positions { get; init; }

    /// <summary>
    /// Reads every entry of <paramref name="map"/>. A queue or a stack has no keys to list and reading a value
    /// takes it; what is shown is the one entry a peek gives, the value the next pop takes (key empty). A map
    /// whose values user space cannot read (<see cref="Unreadable"/>) shows no entries. A ring buffer shows its
    /// positions instead, read without consuming any record.
    /// </summary>
    public static MapDump Read(IBpfMap map)
    {
        var entries = new List<MapEntry>();
        var value = new byte[map.ValueBufferSize];
        if (map.Type is BpfMapType.RingBuffer or BpfMapType.UserRingBuffer)
            return new MapDump(map.Name, map.Type.ToString(), map.KeySize, map.ValueSize, map.MaxEntries, entries) { Positions = RingBufferPositions.Read(map) };
        if (Unreadable(map.Type) is not null)
            return new MapDump(map.Name, map.Type.ToString(), map.KeySize, map.ValueSize, map.MaxEntries, entries);
        if (map.Type is BpfMapType.Queue or BpfMapType.Stack)
        {
            if (map.Lookup([], value))
                entries.Add(new MapEntry("", null, Hex.Format(value), Hex.Integer(value), null));
            return new MapDump(map.Name, map.Type.ToString(), map.KeySize, map.ValueSize, map.MaxEntries, entries);
        }

        foreach (var key in map.Keys())
        {
            if (!map.Lookup(key, value))
                continue; // deleted between listing and reading
            entries.Add(map.IsPerCpu ? PerCpuEntry(map, key, value)
                : map.Type is BpfMapType.ArrayOfMaps or BpfMapType.HashOfMaps ? InnerMapEntry(key, value)
                : map.Type is BpfMapType.CpuMap or BpfMapType.DevMap or BpfMapType.DevMapHash && map.ValueSize == 2 * sizeof(uint) ? SlotProgramEntry(key, value)
                : new MapEntry(Hex.Format(key), Hex.Integer(key), Hex.Format(value), Hex.Integer(value), null));
        }
        return new MapDump(map.Name, map.Type.ToString(), map.KeySize, map.ValueSize, map.MaxEntries, entries);
    }

    /// <summary>Why user space cannot read the values of a map of type <paramref name="type"/>, or null when it can.</summary>
    public static string? Unreadable(BpfMapType type) => type switch
    {
        BpfMapType.BloomFilter => "a bloom filter cannot list what it holds",
        BpfMapType.XskMap => "the kernel gives no AF_XDP socket back to user space",
        BpfMapType.SkStorage => "socket storage is keyed by sockets: user space reads one value by a socket's descriptor, and the kernel lists no keys",
        BpfMapType.CgroupArray => "the kernel gives no cgroup back to user space",
        BpfMapType.PerfEventArray => "a perf event array holds a perf event per CPU, not data: its records are read from perf buffers (PerfBufferReader)",
        _ => null,
    };

    /// <summary>A map of maps' entry: user space reads the id of the map it holds, shown with that map's name.</summary>
    private static MapEntry InnerMapEntry(byte[] key, byte[] value)
    {
        uint id = BitConverter.ToUInt32(value);
        return new MapEntry(Hex.Format(key), Hex.Integer(key), Hex.Format(value), id, null, MapsById.NameOf(id));
    }

    /// <summary>
    /// A CPU or device map slot with room for a program (<c>struct bpf_cpumap_val</c>, <c>struct bpf_devmap_val</c>): the
    /// target (queue size, interface index) as the value, and the id the kernel gives back for the program, with its name.
    /// </summary>
    private static MapEntry SlotProgramEntry(byte[] key, byte[] value)
    {
        uint target = BitConverter.ToUInt32(value), programId = BitConverter.ToUInt32(value, sizeof(uint));
        return new MapEntry(Hex.Format(key), Hex.Integer(key), Hex.Format(value), target, null)
        {
            ProgramId = programId == 0 ? null : programId,
            Program = programId == 0 ? null : ProgramsById.NameOf(programId),
        };
    }

    private static MapEntry PerCpuEntry(IBpfMap map, byte[] key, byte[] value)
    {
        var stride = (map.ValueSize + 7) / 8 * 8;
        var slots = Enumerable.Range(0, value.Length / stride).Select(cpu => value.AsSpan(cpu * stride, map.ValueSize).ToArray()).ToList();
        ulong? sum = Hex.Integer(slots[0]) is null ? null : slots.Aggregate(0UL, (total, slot) => total + Hex.Integer(slot)!.Value);
        return new MapEntry(Hex.Format(key), Hex.Integer(key), Hex.Format(slots[0]), sum, slots.Select(s => Hex.Format(s)).ToList());
    }
}
