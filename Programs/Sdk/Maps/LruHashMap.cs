using TraitsBpf.CompilerServices;

namespace TraitsBpf;

/// <summary>
/// BPF_MAP_TYPE_LRU_HASH: a hash map that, when full, makes room by evicting the element used
/// least recently. Managed execution evicts exactly the least recently used; the kernel's LRU
/// is approximate, so tests should not depend on which element goes.
/// </summary>
/// <typeparam name="TKey">The key type; any unmanaged type.</typeparam>
/// <typeparam name="TValue">The value type; any unmanaged type.</typeparam>
public sealed unsafe class LruHashMap<TKey, TValue> : IDisposable
    where TKey : unmanaged
    where TValue : unmanaged
{
    private readonly HashTable<TValue> table;

    /// <summary>Declares the map.</summary>
    public LruHashMap(int maxEntries, MapFlags flags = MapFlags.None)
    {
        table = new HashTable<TValue>(maxEntries, evictLeastRecentlyUsed: true);
        MaxEntries = maxEntries;
        Flags = flags;
    }

    /// <summary>max_entries.</summary>
    public int MaxEntries { get; }

    /// <summary>map_flags.</summary>
    public MapFlags Flags { get; }

    /// <summary>Number of elements (managed only).</summary>
    public int Count => table.Count;

    /// <summary>The value for <paramref name="key"/>, or null when absent; marks it recently used.</summary>
    [BpfHelper(1)]
    public TValue* Lookup(in TKey key) => table.Lookup(KeyBytes.Of(key));

    /// <summary>Creates or replaces, evicting the least recently used element when full.</summary>
    [BpfHelper(2)]
    public int Update(in TKey key, in TValue value, MapUpdate flags = MapUpdate.Any) => table.Update(KeyBytes.Of(key), value, flags);

    /// <summary>Removes the element: 0, or -ENOENT when absent.</summary>
    [BpfHelper(3)]
    public int Delete(in TKey key) => table.Delete(KeyBytes.Of(key));

    /// <summary>The elements (managed only).</summary>
    public IEnumerable<KeyValuePair<TKey, TValue>> Entries => table.Entries.Select(e => new KeyValuePair<TKey, TValue>(e.Key.As<TKey>(), e.Value));

    /// <summary>Removes every element (managed only).</summary>
    public void Clear() => table.Clear();

    /// <summary>Frees the values.</summary>
    public void Dispose() => table.Dispose();
}
