using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>
/// BPF_MAP_TYPE_ARRAY: <c>maxEntries</c> values indexed 0 to maxEntries - 1, all present and
/// zero-initialized. Declare it as a <c>static readonly</c> field with constant arguments.
/// </summary>
/// <typeparam name="TValue">The value type; any unmanaged type.</typeparam>
public sealed unsafe class ArrayMap<TValue> : IDisposable, IMapElementFinder
    where TValue : unmanaged
{
    private readonly NativeValue<TValue>[] values;

    /// <summary>Declares the map.</summary>
    public ArrayMap(int maxEntries, MapFlags flags = MapFlags.None)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        MaxEntries = maxEntries;
        Flags = flags;
        values = new NativeValue<TValue>[maxEntries];
        for (int i = 0; i < maxEntries; i++)
        {
            values[i] = new NativeValue<TValue>();
        }
    }

    /// <summary>max_entries.</summary>
    public int MaxEntries { get; }

    /// <summary>map_flags.</summary>
    public MapFlags Flags { get; }

    /// <summary>The value at <paramref name="index"/>, or null when the index is out of range (bpf_map_lookup_elem).</summary>
    [BpfHelper(BpfHelper.MapLookupElem)]
    public TValue* Lookup(in uint index) => index < (uint)MaxEntries ? values[index].Pointer : null;

    /// <summary>Writes the value at <paramref name="index"/> (bpf_map_update_elem): 0, -E2BIG out of range, -EEXIST with <see cref="MapUpdate.NoExist"/>.</summary>
    [BpfHelper(BpfHelper.MapUpdateElem)]
    public int Update(in uint index, in TValue value, MapUpdate flags = MapUpdate.Any)
    {
        if (flags > MapUpdate.Exist)
        {
            return -Errno.EINVAL;
        }

        if (index >= (uint)MaxEntries)
        {
            return -Errno.E2BIG;
        }

        if (flags == MapUpdate.NoExist)
        {
            return -Errno.EEXIST;
        }

        *values[index].Pointer = value;
        return 0;
    }

    /// <inheritdoc/>
    bool IMapElementFinder.TryFindElement(byte* address, out byte[] key, out byte* value)
    {
        for (uint index = 0; index < values.Length; index++)
        {
            var element = values[index].Pointer;
            if (address >= (byte*)element && address < (byte*)(element + 1))
            {
                key = BitConverter.GetBytes(index);
                value = (byte*)element;
                return true;
            }
        }

        key = [];
        value = null;
        return false;
    }

    /// <summary>The value at <paramref name="index"/>, for tests and user space (managed only).</summary>
    public TValue this[uint index]
    {
        get => *values[index].Pointer;
        set => *values[index].Pointer = value;
    }

    /// <summary>
    /// Calls <paramref name="callback"/> for each element, index 0 first, until it returns 1 (bpf_for_each_map_elem,
    /// Linux 5.13+); returns the number of elements it was called for. The callback may change the value in place.
    /// </summary>
    [BpfIntrinsic("map.for_each", Helper = BpfHelper.ForEachMapElem)]
    public int ForEach<TState>(MapElementCallback<uint, TValue, TState> callback, ref TState state)
        where TState : unmanaged
    {
        ArgumentNullException.ThrowIfNull(callback);
        for (uint index = 0; index < (uint)MaxEntries; index++)
        {
            if (MapCallbacks.Stops(callback(in index, ref *values[index].Pointer, ref state)))
            {
                return (int)index + 1;
            }
        }

        return MaxEntries;
    }

    /// <summary>Sets every value to zero, as a freshly created map (managed only).</summary>
    public void Clear()
    {
        foreach (var value in values)
        {
            *value.Pointer = default;
        }
    }

    /// <summary>Frees the values.</summary>
    public void Dispose()
    {
        foreach (var value in values)
        {
            value.Dispose();
        }
    }
}
