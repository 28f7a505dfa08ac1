namespace TraitsBpf;

/// <summary>
/// BPF_MAP_TYPE_LRU_HASH: a hash map that, when full, makes room by evicting the element used
/// least recently. Managed execution evicts exactly the least recently used; the kernel's LRU
/// is approximate, so tests should not depend on which element goes.
/// </summary>
/// <typeparam name="TKey">The key type; any unmanaged type.</typeparam>
/// <typeparam name="TValue">The value type; any unmanaged type.</typeparam>
public sealed class LruHashMap<TKey, TValue>(int maxEntries, MapFlags flags = MapFlags.None)
    : KernelHashMap<TKey, TValue>(maxEntries, flags, evictLeastRecentlyUsed: true)
    where TKey : unmanaged
    where TValue : unmanaged;
