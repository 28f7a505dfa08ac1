using TraitsBpf.CompilerServices;

namespace TraitsBpf;

/// <summary>
/// BPF_MAP_TYPE_HASH: up to <c>maxEntries</c> key/value pairs. Keys compare by their bytes, as in
/// the kernel, so struct keys should have no uninitialized padding.
/// </summary>
/// <typeparam name="TKey">The key type; any unmanaged type.</typeparam>
/// <typeparam name="TValue">The value type; any unmanaged type.</typeparam>
public sealed unsafe class HashMap<TKey, TValue> : IDisposable
    where TKey : unmanaged
    where TValue : unmanaged
{
    private readonly HashTable<TValue> table;

    /// <summary>Declares the map.</summary>
    public HashMap(int maxEntries, MapFlags flags = MapFlags.None)
    {
        table = new HashTable<TValue>(maxEntries, evictLeastRecentlyUsed: false);
        MaxEntries = maxEntries;
        Flags = flags;
    }

    /// <summary>max_entries.</summary>
    public int MaxEntries { get; }

    /// <summary>map_flags.</summary>
    public MapFlags Flags { get; }

    /// <summary>Number of elements (managed only).</summary>
    public int Count => table.Count;

    /// <summary>The value for <paramref name="key"/>, or null when absent (bpf_map_lookup_elem).</summary>
    [BpfHelper(1)]
    public TValue* Lookup(in TKey key) => table.Lookup(KeyBytes.Of(key));

    /// <summary>Creates or replaces (bpf_map_update_elem): 0, -E2BIG when full, -EEXIST or -ENOENT per <paramref name="flags"/>.</summary>
    [BpfHelper(2)]
    public int Update(in TKey key, in TValue value, MapUpdate flags = MapUpdate.Any) => table.Update(KeyBytes.Of(key), value, flags);

    /// <summary>Removes the element (bpf_map_delete_elem): 0, or -ENOENT when absent.</summary>
    [BpfHelper(3)]
    public int Delete(in TKey key) => table.Delete(KeyBytes.Of(key));

    /// <summary>The elements (managed only).</summary>
    public IEnumerable<KeyValuePair<TKey, TValue>> Entries => table.Entries.Select(e => new KeyValuePair<TKey, TValue>(e.Key.As<TKey>(), e.Value));

    /// <summary>Removes every element (managed only).</summary>
    public void Clear() => table.Clear();

    /// <summary>Frees the values.</summary>
    public void Dispose() => table.Dispose();
}
