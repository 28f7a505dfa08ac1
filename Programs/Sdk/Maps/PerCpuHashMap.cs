namespace TraitsBpf;

/// <summary>
/// BPF_MAP_TYPE_PERCPU_HASH: a <see cref="HashMap{TKey, TValue}"/> with a separate copy of every
/// value per CPU, so counters need no atomics (see <see cref="KernelPerCpuHashMap{TKey, TValue}"/>).
/// </summary>
/// <typeparam name="TKey">The key type; any unmanaged type.</typeparam>
/// <typeparam name="TValue">The value type; any unmanaged type.</typeparam>
public sealed class PerCpuHashMap<TKey, TValue>(int maxEntries, MapFlags flags = MapFlags.None)
    : KernelPerCpuHashMap<TKey, TValue>(maxEntries, flags, evictLeastRecentlyUsed: false)
    where TKey : unmanaged
    where TValue : unmanaged;
