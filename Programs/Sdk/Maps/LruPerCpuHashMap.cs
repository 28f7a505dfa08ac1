namespace TraitsBpf;

/// <summary>
/// BPF_MAP_TYPE_LRU_PERCPU_HASH: an <see cref="LruHashMap{TKey, TValue}"/> with a separate copy of
/// every value per CPU (see <see cref="KernelPerCpuHashMap{TKey, TValue}"/>). When full it evicts
/// the element used least recently on any CPU; the kernel's choice is approximate.
/// </summary>
/// <typeparam name="TKey">The key type; any unmanaged type.</typeparam>
/// <typeparam name="TValue">The value type; any unmanaged type.</typeparam>
public sealed class LruPerCpuHashMap<TKey, TValue>(int maxEntries, MapFlags flags = MapFlags.None)
    : KernelPerCpuHashMap<TKey, TValue>(maxEntries, flags, evictLeastRecentlyUsed: true)
    where TKey : unmanaged
    where TValue : unmanaged;
