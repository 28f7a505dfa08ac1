namespace TraitsBpf;

/// <summary>
/// BPF_MAP_TYPE_STACK: up to <c>maxEntries</c> values without keys, taken last in, first out
/// (see <see cref="KernelQueueStackMap{T}"/>).
/// </summary>
/// <typeparam name="T">The value type; any unmanaged type.</typeparam>
public sealed class StackMap<T>(int maxEntries, MapFlags flags = MapFlags.None)
    : KernelQueueStackMap<T>(maxEntries, flags, newestFirst: true)
    where T : unmanaged;
