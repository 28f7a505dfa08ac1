using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>
/// BPF_MAP_TYPE_STACK: up to <c>maxEntries</c> values without keys, taken last in, first out. A push to a full map fails
/// with -E2BIG unless it passes <see cref="MapUpdate.Exist"/>, which drops the oldest value to make room.
/// </summary>
/// <typeparam name="T">The value type; any unmanaged type.</typeparam>
public sealed class StackMap<T>
    where T : unmanaged
{
    private readonly BoundedElements<T> elements;

    /// <summary>Declares the map.</summary>
    public StackMap(int maxEntries, MapFlags flags = MapFlags.None)
    {
        elements = new BoundedElements<T>(maxEntries);
        MaxEntries = maxEntries;
        Flags = flags;
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

    /// <summary>Removes the newest value into <paramref name="value"/> (bpf_map_pop_elem): 0, or -ENOENT when empty (the value zeroed).</summary>
    [BpfHelper(BpfHelper.MapPopElem)]
    public int Pop(out T value) => elements.Take(out value, newest: true, remove: true);

    /// <summary>Copies the newest value into <paramref name="value"/> and leaves it (bpf_map_peek_elem): 0, or -ENOENT when empty (the value zeroed).</summary>
    [BpfHelper(BpfHelper.MapPeekElem)]
    public int Peek(out T value) => elements.Take(out value, newest: true, remove: false);

    /// <summary>Removes every value (managed only).</summary>
    public void Clear() => elements.Clear();
}
