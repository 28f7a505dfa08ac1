using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TraitsBpf.Differential.Tests.Samples;

namespace TraitsBpf.Differential.Tests.Maps;

/// <summary>
/// The maps of a sample class as managed execution keeps them: its static fields of the SDK's map
/// types, found by reflection. Array maps are read through their indexer (zero values left out, as
/// the kernel's snapshot leaves them out), hash maps and LPM tries through their entries, ring
/// buffers by taking their records (as a reader in user space would).
/// Managed execution runs on CPU 0 here, so a per-CPU map's CPU 0 values stand for the kernel's
/// sums over CPUs.
/// </summary>
public sealed class ManagedMaps
{
    private static readonly MethodInfo BytesOfMethod = typeof(ManagedMaps).GetMethod(nameof(BytesOf), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo ArrayEntriesMethod = typeof(ManagedMaps).GetMethod(nameof(ArrayEntries), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo FromBytesMethod = typeof(ManagedMaps).GetMethod(nameof(ValueFromBytes), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly IReadOnlyList<(string Name, object Map)> maps;
    private readonly IReadOnlyList<ClockField> clocks;

    /// <summary>The maps of <paramref name="sampleClass"/>.</summary>
    public ManagedMaps(Type sampleClass, IReadOnlyList<ClockField> clocks)
    {
        maps = sampleClass.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Where(field => IsMap(field.FieldType))
            .Select(field => (field.Name, field.GetValue(null) ?? throw new InvalidOperationException($"{sampleClass.Name}.{field.Name} is null")))
            .ToList();
        this.clocks = clocks;
    }

    /// <summary>Maps compared entry by entry.</summary>
    public IEnumerable<string> Compared => maps.Where(m => IsComparable(m.Map.GetType())).Select(m => m.Name);

    /// <summary>Maps that hold no data to compare (program arrays, device maps), with their kinds.</summary>
    public IEnumerable<string> NotCompared => maps.Where(m => !IsComparable(m.Map.GetType())).Select(m => $"{m.Name} ({Kind(m.Map.GetType())})");

    /// <summary>Empties every map, program arrays included.</summary>
    public void Clear()
    {
        foreach (var (name, map) in maps)
        {
            var clear = map.GetType().GetMethod("Clear", Type.EmptyTypes)
                ?? throw new InvalidOperationException($"map {name} ({Kind(map.GetType())}) has no Clear()");
            clear.Invoke(map, null);
        }
    }

    /// <summary>
    /// Writes <paramref name="entries"/> into the maps they name, as user space would before the first packet:
    /// hash, LRU hash, LPM trie and array maps by their Update, per-CPU maps on the CPU managed execution runs on
    /// (the kernel side puts the value on the first CPU and zeros on the others: snapshots compare the kernel's sum
    /// over CPUs with that one CPU), and device, CPU and socket maps by their slot (a 4-byte key and target).
    /// </summary>
    public void Fill(IEnumerable<MapEntry> entries)
    {
        foreach (var entry in entries)
        {
            var (_, map) = maps.SingleOrDefault(m => m.Name == entry.Map);
            if (map is null)
            {
                throw new InvalidOperationException($"no map named {entry.Map} to fill; the maps are {string.Join(", ", maps.Select(m => m.Name))}");
            }

            if (map is RedirectTargetMap slots)
            {
                slots.Set(BitConverter.ToUInt32(entry.Key), BitConverter.ToUInt32(entry.Value));
                continue;
            }

            int result = FillElement(map, entry);
            if (result != 0)
            {
                throw new InvalidOperationException($"managed map {entry.Map} refused an entry ({result})");
            }
        }
    }

    /// <summary>Fills program array slots with the sample's own programs run as managed code.</summary>
    public void FillTailCalls(IEnumerable<TailCallSlot> slots)
    {
        foreach (var slot in slots)
        {
            var (_, map) = maps.Single(m => m.Name == slot.Map);
            var program = SampleCatalog.Find(slot.Program);
            var set = map.GetType().GetMethod("Set", [typeof(uint), program.Delegate.GetType()])
                ?? throw new InvalidOperationException($"map {slot.Map} cannot hold a {program.Kind} program");
            set.Invoke(map, [slot.Slot, program.Delegate]);
        }
    }

    /// <summary>The compared maps' contents now. Ring buffers are drained.</summary>
    public MapSnapshot Snapshot()
    {
        var snapshot = new MapSnapshot();
        foreach (var (name, map) in maps)
        {
            var type = map.GetType();
            switch (Kind(type))
            {
                case "ArrayMap`1" or "PerCpuArrayMap`1":
                    var entriesOf = ArrayEntriesMethod.MakeGenericMethod(type.GetGenericArguments()[0]);
                    snapshot.Add(name, (List<string>)entriesOf.Invoke(null, [name, map, clocks])!);
                    break;
                case "HashMap`2" or "LruHashMap`2" or "PerCpuHashMap`2" or "LruPerCpuHashMap`2" or "LpmTrieMap`2":
                    var entries = (IEnumerable)type.GetProperty("Entries")!.GetValue(map)!;
                    snapshot.Add(name, entries.Cast<object>().Select(entry =>
                        EntryText.Entry(name, Bytes(Part(entry, "Key")), Bytes(Part(entry, "Value")), clocks)));
                    break;
                case nameof(RingBuffer):
                    snapshot.Add(name, ((RingBuffer)map).TakeRecords().Select((record, i) => EntryText.Record(name, i, record, clocks)), ordered: true);
                    break;
            }
        }

        return snapshot;
    }

    private static int FillElement(object map, MapEntry entry)
    {
        var type = map.GetType();
        var update = type.GetMethod("Update")
            ?? throw new InvalidOperationException($"map {entry.Map} ({Kind(type)}) has no Update to fill it with");
        var parameters = update.GetParameters();
        var (keyType, valueType) = (parameters[0].ParameterType.GetElementType()!, parameters[1].ParameterType.GetElementType()!);
        return (int)update.Invoke(map, [FromBytes(keyType, entry.Key), FromBytes(valueType, entry.Value), MapUpdate.Any])!;
    }

    // As the kernel's snapshot has it: every index of an array exists, so zero values are left out on every side.
    private static List<string> ArrayEntries<T>(string name, object map, IReadOnlyList<ClockField> clocks)
        where T : unmanaged
    {
        var (count, item) = map switch
        {
            ArrayMap<T> array => (array.MaxEntries, (Func<uint, T>)(i => array[i])),
            PerCpuArrayMap<T> perCpu => (perCpu.MaxEntries, i => perCpu[i]),
            _ => throw new ArgumentException($"map {name} is not an array", nameof(map)),
        };
        var entries = new List<string>();
        for (uint i = 0; i < count; i++)
        {
            T value = item(i);
            var bytes = MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value));
            if (bytes.ContainsAnyExcept((byte)0))
            {
                entries.Add(EntryText.Entry(name, BitConverter.GetBytes(i), bytes, clocks));
            }
        }

        return entries;
    }

    private static bool IsMap(Type type) =>
        type == typeof(RingBuffer) || type == typeof(ProgramArray) || type.IsSubclassOf(typeof(RedirectTargetMap))
        || type.IsGenericType && Kind(type) is "ArrayMap`1" or "PerCpuArrayMap`1" or "HashMap`2" or "LruHashMap`2" or "PerCpuHashMap`2" or "LruPerCpuHashMap`2" or "LpmTrieMap`2";

    private static bool IsComparable(Type type) => type != typeof(ProgramArray) && !type.IsSubclassOf(typeof(RedirectTargetMap));

    private static string Kind(Type type) => type.IsGenericType ? type.GetGenericTypeDefinition().Name : type.Name;

    private static object Part(object pair, string name) => pair.GetType().GetProperty(name)!.GetValue(pair)!;

    private static byte[] Bytes(object value) => (byte[])BytesOfMethod.MakeGenericMethod(value.GetType()).Invoke(null, [value])!;

    private static object FromBytes(Type type, byte[] bytes)
    {
        int size = (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(type).Invoke(null, null)!;
        if (bytes.Length != size)
        {
            throw new ArgumentException($"{bytes.Length} bytes given for a {size}-byte {type.Name}", nameof(bytes));
        }

        return FromBytesMethod.MakeGenericMethod(type).Invoke(null, [bytes])!;
    }

    private static T ValueFromBytes<T>(byte[] bytes)
        where T : unmanaged => MemoryMarshal.Read<T>(bytes);

    private static byte[] BytesOf<T>(T value)
        where T : unmanaged => MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)).ToArray();
}
