using TraitsBpf.Object;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// An SDK map class and the kernel map it declares: its <see cref="BpfMapType"/>, which generic
/// arguments are key and value, fixed key/value sizes for maps whose elements are not typed, and
/// map flags the kernel requires of the type (set whatever the declaration says), for a map of maps
/// which generic argument is the inner map's type, and whether the constructor takes
/// <c>(maxEntries, flags)</c> (<see cref="Sized"/>: socket storage holds one value per socket, and the kernel
/// requires max_entries 0 of it), and whether a size of 0 is allowed and means one entry per possible CPU
/// (<see cref="ZeroMeansPossibleCpus"/>: libbpf sizes a perf event array so when the declaration names no size).
/// </summary>
internal sealed record MapKind(string GenericName, BpfMapType MapType, int KeyArgument, int ValueArgument, int KeySize, int ValueSize, uint RequiredFlags = 0, int InnerArgument = -1, bool Sized = true, bool ZeroMeansPossibleCpus = false)
{
    /// <summary>BPF_F_NO_PREALLOC, which the kernel requires of LPM tries and socket storage.</summary>
    private const uint NoPrealloc = 1;

    private static readonly MapKind[] All =
    [
        new("TraitsBpf.ArrayMap`1", BpfMapType.Array, -1, 0, 4, 0),
        new("TraitsBpf.PerCpuArrayMap`1", BpfMapType.PerCpuArray, -1, 0, 4, 0),
        new("TraitsBpf.HashMap`2", BpfMapType.Hash, 0, 1, 0, 0),
        new("TraitsBpf.LruHashMap`2", BpfMapType.LruHash, 0, 1, 0, 0),
        new("TraitsBpf.PerCpuHashMap`2", BpfMapType.PerCpuHash, 0, 1, 0, 0),
        new("TraitsBpf.LruPerCpuHashMap`2", BpfMapType.LruPerCpuHash, 0, 1, 0, 0),
        new("TraitsBpf.LpmTrieMap`2", BpfMapType.LpmTrie, 0, 1, 0, 0, NoPrealloc),
        new("TraitsBpf.QueueMap`1", BpfMapType.Queue, -1, 0, 0, 0),
        new("TraitsBpf.StackMap`1", BpfMapType.Stack, -1, 0, 0, 0),
        new("TraitsBpf.BloomFilterMap`1", BpfMapType.BloomFilter, -1, 0, 0, 0),
        new("TraitsBpf.SkStorageMap`1", BpfMapType.SkStorage, -1, 0, 4, 0, NoPrealloc, Sized: false),
        new("TraitsBpf.RingBuffer", BpfMapType.RingBuffer, -1, -1, 0, 0),
        new("TraitsBpf.PerfEventArray", BpfMapType.PerfEventArray, -1, -1, 4, 4, ZeroMeansPossibleCpus: true),
        new("TraitsBpf.UserRingBuffer", BpfMapType.UserRingBuffer, -1, -1, 0, 0),
        new("TraitsBpf.ProgramArray", BpfMapType.ProgramArray, -1, -1, 4, 4),
        new("TraitsBpf.DevMap", BpfMapType.DevMap, -1, -1, 4, 4),
        new("TraitsBpf.DevMapHash", BpfMapType.DevMapHash, -1, -1, 4, 4),
        new("TraitsBpf.CpuMap", BpfMapType.CpuMap, -1, -1, 4, 4),
        new("TraitsBpf.XskMap", BpfMapType.XskMap, -1, -1, 4, 4),
        new("TraitsBpf.CgroupArrayMap", BpfMapType.CgroupArray, -1, -1, 4, 4),
        new("TraitsBpf.ArrayOfMaps`1", BpfMapType.ArrayOfMaps, -1, -1, 4, 0, InnerArgument: 0),
        new("TraitsBpf.HashOfMaps`2", BpfMapType.HashOfMaps, 0, -1, 0, 0, InnerArgument: 1),
    ];

    /// <summary>Whether the map's slots may hold a CPUMAP or DEVMAP program (its value then 8 bytes: the target and the program).</summary>
    public bool HoldsSlotPrograms => MapType is BpfMapType.CpuMap or BpfMapType.DevMap or BpfMapType.DevMapHash;

    /// <summary>Whether the map holds other maps (its values are given by an inner map template).</summary>
    public bool HoldsMaps => InnerArgument >= 0;

    /// <summary>The SDK class that declares maps of <paramref name="mapType"/>, as C# names it (<c>HashMap</c>).</summary>
    public static string ClassName(BpfMapType mapType)
    {
        string generic = All.First(k => k.MapType == mapType).GenericName;
        int tick = generic.IndexOf('`');
        return generic[(generic.LastIndexOf('.') + 1)..(tick < 0 ? generic.Length : tick)];
    }

    /// <summary>The kind for a type's full name (generic arguments ignored), or null when it is not an SDK map.</summary>
    public static MapKind? Of(string fullName)
    {
        int angle = fullName.IndexOf('<');
        string name = angle < 0 ? fullName : fullName[..angle];
        return All.FirstOrDefault(k => k.GenericName == name);
    }
}
