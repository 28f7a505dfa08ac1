namespace TraitsBpf;

/// <summary>
/// BPF_MAP_TYPE_QUEUE: up to <c>maxEntries</c> values without keys, taken first in, first out
/// (see <see cref="KernelQueueStackMap{T}"/>).
/// </summary>
/// <typeparam name="T">The value type; any unmanaged type.</typeparam>
public sealed class QueueMap<T>(int maxEntries, MapFlags flags = MapFlags.None)
    : KernelQueueStackMap<T>(maxEntries, flags, newestFirst: false)
    where T : unmanaged;
