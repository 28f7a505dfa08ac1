using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>
/// What <see cref="QueueMap{T}"/> and <see cref="StackMap{T}"/> share: up to <c>maxEntries</c> values without
/// keys, pushed, popped and peeked with the kernel's helpers. A push to a full map fails with -E2BIG unless it
/// passes <see cref="MapUpdate.Exist"/>, which drops the oldest value to make room. The two differ only in which
/// value a pop or peek takes: the oldest (queue) or the newest (stack).
/// </summary>
/// <typeparam name="T">The value type; any unmanaged type.</typeparam>
public abstract class KernelQueueStackMap<T>
    where T : unmanaged
{
    private readonly BoundedElements<T> elements;
    private readonly bool newestFirst;

    private protected KernelQueueStackMap(int maxEntries, MapFlags flags, bool newestFirst)
    {
        elements = new BoundedElements<T>(maxEntries);
        MaxEntries = maxEntries;
        Flags = flags;
        this.newestFirst = newestFirst;
    }

    /// <summary>max_entries.</summary>
    public int MaxEntries { get; }

    /// <summary>map_flags.</summary>
    public MapFlags Flags { get; }

    /// <summary>Number of values (managed only).</summary>
    public int Count => elements.Count;

    /// <summary>The values, oldest first (managed only).</summary>
    public IEnumerable<T> Values => elements.Values;

    /// <summary>
    /// Adds <paramref name="value"/> (bpf_map_push_elem): 0; -E2BIG when full, unless <paramref name="flags"/> is
    /// <see cref="MapUpdate.Exist"/>, which drops the oldest value first; -EINVAL for <see cref="MapUpdate.NoExist"/>.
    /// </summary>
    [BpfHelper(BpfHelper.MapPushElem)]
    public int Push(in T value, MapUpdate flags = MapUpdate.Any) => elements.Push(value, flags);

    /// <summary>Removes the next value (a queue's oldest, a stack's newest) into <paramref name="value"/> (bpf_map_pop_elem): 0, or -ENOENT when empty (the value zeroed).</summary>
    [BpfHelper(BpfHelper.MapPopElem)]
    public int Pop(out T value) => elements.Take(out value, newestFirst, remove: true);

    /// <summary>Copies the next value into <paramref name="value"/> and leaves it (bpf_map_peek_elem): 0, or -ENOENT when empty (the value zeroed).</summary>
    [BpfHelper(BpfHelper.MapPeekElem)]
    public int Peek(out T value) => elements.Take(out value, newestFirst, remove: false);

    /// <summary>Removes every value (managed only).</summary>
    public void Clear() => elements.Clear();
}
