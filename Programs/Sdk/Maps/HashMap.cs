namespace TraitsBpf;

/// <summary>
/// BPF_MAP_TYPE_HASH: up to <c>maxEntries</c> key/value pairs; an update that would add one
/// more fails with -E2BIG. Keys compare by their bytes, as in the kernel, so struct keys should
/// have no uninitialized padding.
/// </summary>
/// <typeparam name="TKey">The key type; any unmanaged type.</typeparam>
/// <typeparam name="TValue">The value type; any unmanaged type.</typeparam>
public sealed class HashMap<TKey, TValue>(int maxEntries, MapFlags flags = MapFlags.None)
    : KernelHashMap<TKey, TValue>(maxEntries, flags, evictLeastRecentlyUsed: false)
    where TKey : unmanaged
    where TValue : unmanaged;
