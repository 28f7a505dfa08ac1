using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>
/// What <see cref="HashMap{TKey, TValue}"/> and <see cref="LruHashMap{TKey, TValue}"/> share:
/// elements by key, compared by their bytes as the kernel compares them, and the kernel's
/// lookup, update and delete rules. The two differ only in what a full map does.
/// </summary>
/// <typeparam name="TKey">The key type; any unmanaged type.</typeparam>
/// <typeparam name="TValue">The value type; any unmanaged type.</typeparam>
public abstract unsafe class KernelHashMap<TKey, TValue> : IDisposable
    where TKey : unmanaged
    where TValue : unmanaged
{
    private readonly HashTable<TValue> table;

    private protected KernelHashMap(int maxEntries, MapFlags flags, bool evictLeastRecentlyUsed)
    {
        table = new HashTable<TValue>(maxEntries, evictLeastRecentlyUsed);
        MaxEntries = maxEntries;
        Flags = flags;
    }

    /// <summary>max_entries.</summary>
    public int MaxEntries { get; }

    /// <summary>map_flags.</summary>
    public MapFlags Flags { get; }

    /// <summary>Number of elements (managed only).</summary>
    public int Count => table.Count;

    /// <summary>The elements (managed only).</summary>
    public IEnumerable<KeyValuePair<TKey, TValue>> Entries => table.Entries.Select(e => new KeyValuePair<TKey, TValue>(e.Key.As<TKey>(), e.Value));

    /// <summary>The value for <paramref name="key"/>, or null when absent (bpf_map_lookup_elem).</summary>
    [BpfHelper(BpfHelper.MapLookupElem)]
    public TValue* Lookup(in TKey key) => table.Lookup(KeyBytes.Of(key));

    /// <summary>Creates or replaces (bpf_map_update_elem): 0, or -E2BIG when full, -EEXIST or -ENOENT per <paramref name="flags"/>.</summary>
    [BpfHelper(BpfHelper.MapUpdateElem)]
    public int Update(in TKey key, in TValue value, MapUpdate flags = MapUpdate.Any) => table.Update(KeyBytes.Of(key), value, flags);

    /// <summary>Removes the element (bpf_map_delete_elem): 0, or -ENOENT when absent.</summary>
    [BpfHelper(BpfHelper.MapDeleteElem)]
    public int Delete(in TKey key) => table.Delete(KeyBytes.Of(key));

    /// <summary>Removes every element (managed only).</summary>
    public void Clear() => table.Clear();

    /// <summary>Frees the values.</summary>
    public void Dispose()
    {
        table.Dispose();
        GC.SuppressFinalize(this);
    }
}
