using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>
/// What the hash maps share (<see cref="HashMap{TKey, TValue}"/>, <see cref="LruHashMap{TKey, TValue}"/>
/// and their per-CPU forms): elements by key, compared by their bytes as the kernel compares them,
/// and the kernel's lookup, update and delete rules. They differ in what a full map does and in
/// whether each CPU has its own copy of every value.
/// </summary>
/// <typeparam name="TKey">The key type; any unmanaged type.</typeparam>
/// <typeparam name="TValue">The value type; any unmanaged type.</typeparam>
public abstract unsafe class KernelHashMap<TKey, TValue> : IDisposable, IMapElementFinder
    where TKey : unmanaged
    where TValue : unmanaged
{
    private readonly HashTable<TValue> table;
    private readonly bool perCpu;

    private protected KernelHashMap(int maxEntries, MapFlags flags, bool evictLeastRecentlyUsed, bool perCpu = false)
    {
        table = new HashTable<TValue>(maxEntries, evictLeastRecentlyUsed, perCpu ? ManagedExecution.MaxCpus : 1);
        this.perCpu = perCpu;
        MaxEntries = maxEntries;
        Flags = flags;
    }

    /// <summary>max_entries.</summary>
    public int MaxEntries { get; }

    /// <summary>map_flags.</summary>
    public MapFlags Flags { get; }

    /// <summary>Number of elements (managed only).</summary>
    public int Count => table.Count;

    /// <summary>The elements (managed only; for a per-CPU map, the values of <see cref="ManagedExecution.Cpu"/>).</summary>
    public IEnumerable<KeyValuePair<TKey, TValue>> Entries => EntriesOnCpu(Copy);

    /// <summary>The value for <paramref name="key"/>, or null when absent (bpf_map_lookup_elem); a per-CPU map gives the running CPU's copy.</summary>
    [BpfHelper(BpfHelper.MapLookupElem)]
    public TValue* Lookup(in TKey key) => table.Lookup(KeyBytes.Of(key), Copy);

    /// <summary>
    /// Creates or replaces (bpf_map_update_elem): 0, or -E2BIG when full, -EEXIST or -ENOENT per
    /// <paramref name="flags"/>. A per-CPU map writes the running CPU's copy only.
    /// </summary>
    [BpfHelper(BpfHelper.MapUpdateElem)]
    public int Update(in TKey key, in TValue value, MapUpdate flags = MapUpdate.Any) => table.Update(KeyBytes.Of(key), value, flags, Copy);

    /// <summary>Removes the element, on every CPU for a per-CPU map (bpf_map_delete_elem): 0, or -ENOENT when absent.</summary>
    [BpfHelper(BpfHelper.MapDeleteElem)]
    public int Delete(in TKey key) => table.Delete(KeyBytes.Of(key));

    /// <summary>
    /// Calls <paramref name="callback"/> for each element, in the map's order, until it returns 1
    /// (bpf_for_each_map_elem, Linux 5.13+); returns the number of elements it was called for. The callback may
    /// change the value in place; the verifier refuses a callback that updates or deletes elements of the map.
    /// Managed: the elements in insertion order (the kernel's order is its buckets'), this CPU's copies for a per-CPU map.
    /// </summary>
    [BpfIntrinsic("map.for_each", Helper = BpfHelper.ForEachMapElem)]
    public int ForEach<TState>(MapElementCallback<TKey, TValue, TState> callback, ref TState state)
        where TState : unmanaged
    {
        ArgumentNullException.ThrowIfNull(callback);
        int called = 0;
        foreach (var (bytes, _) in table.Entries(Copy).ToList())
        {
            TValue* value = table.Lookup(bytes, Copy);
            if (value == null)
            {
                continue;
            }

            called++;
            TKey key = bytes.As<TKey>();
            if (MapCallbacks.Stops(callback(in key, ref *value, ref state)))
            {
                break;
            }
        }

        return called;
    }

    /// <summary>The elements with CPU <paramref name="cpu"/>'s values (managed only).</summary>
    private protected IEnumerable<KeyValuePair<TKey, TValue>> EntriesOnCpu(int cpu) =>
        table.Entries(cpu).Select(e => new KeyValuePair<TKey, TValue>(e.Key.As<TKey>(), e.Value));

    /// <summary>CPU <paramref name="cpu"/>'s copy of the value for <paramref name="key"/>, or null when absent.</summary>
    private protected TValue* LookupCopy(in TKey key, int cpu) => table.Lookup(KeyBytes.Of(key), cpu);
    /// <inheritdoc/>
    bool IMapElementFinder.TryFindElement(byte* address, out byte[] key, out byte* value)
    {
        bool found = table.TryFindElement(address, Copy, out var bytes, out var element);
        key = found ? bytes.Span.ToArray() : [];
        value = (byte*)element;
        return found;
    }

    /// <summary>Removes every element (managed only).</summary>
    public void Clear() => table.Clear();

    private int Copy => perCpu ? ManagedExecution.Cpu : 0;

    /// <summary>Frees the values.</summary>
    public void Dispose()
    {
        table.Dispose();
        GC.SuppressFinalize(this);
    }
}
