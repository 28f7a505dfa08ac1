using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TraitsBpf.Loader.Skeleton;

/// <summary>
/// A per-CPU map (<c>BPF_MAP_TYPE_PERCPU_ARRAY</c>, <c>PERCPU_HASH</c>, <c>LRU_PERCPU_HASH</c>) with C# keys and
/// values: each key holds one value per possible CPU, read and written together.
/// </summary>
/// <typeparam name="TKey">The key type, exactly the map's key size.</typeparam>
/// <typeparam name="TValue">The value type, exactly the map's value size.</typeparam>
public sealed class PerCpuTypedMap<TKey, TValue>
    where TKey : unmanaged
    where TValue : unmanaged
{
    private readonly int _stride;

    /// <summary>Wraps <paramref name="map"/>, checking that it is per-CPU and that the types have its key and value sizes.</summary>
    /// <exception cref="ArgumentException">The map is not per-CPU, or a size differs.</exception>
    public PerCpuTypedMap(IBpfMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (!map.IsPerCpu)
            throw new ArgumentException($"map '{map.Name}' is not per-CPU ({map.Type}); read it with TypedMap", nameof(map));
        TypedElements.Check<TKey>(map, "keys", map.KeySize);
        TypedElements.Check<TValue>(map, "values", map.ValueSize);
        Map = map;
        // The kernel lays each CPU's value out at an 8-byte boundary.
        _stride = (map.ValueSize + 7) / 8 * 8;
        CpuCount = map.ValueBufferSize / _stride;
    }

    /// <summary>The map underneath, for byte-level access.</summary>
    public IBpfMap Map { get; }

    /// <summary>The number of possible CPUs: how many values each key holds.</summary>
    public int CpuCount { get; }

    /// <summary>The values under <paramref name="key"/>, one per possible CPU in CPU order; false when the key is absent.</summary>
    public bool TryGetValues(TKey key, out TValue[] values)
    {
        var buffer = new byte[Map.ValueBufferSize];
        if (!Map.Lookup(TypedElements.Bytes(ref key), buffer))
        {
            values = [];
            return false;
        }

        values = new TValue[CpuCount];
        for (var cpu = 0; cpu < CpuCount; cpu++)
            values[cpu] = MemoryMarshal.Read<TValue>(buffer.AsSpan(cpu * _stride, Unsafe.SizeOf<TValue>()));
        return true;
    }

    /// <summary>Stores one value per possible CPU (<paramref name="values"/> has <see cref="CpuCount"/> of them) under <paramref name="key"/>.</summary>
    public void Update(TKey key, ReadOnlySpan<TValue> values, MapUpdateFlags flags = MapUpdateFlags.Any)
    {
        if (values.Length != CpuCount)
            throw new ArgumentException($"map '{Map.Name}' takes one value per possible CPU ({CpuCount}), got {values.Length}", nameof(values));
        var buffer = new byte[Map.ValueBufferSize];
        for (var cpu = 0; cpu < CpuCount; cpu++)
            MemoryMarshal.Write(buffer.AsSpan(cpu * _stride), in values[cpu]);
        Map.Update(TypedElements.Bytes(ref key), buffer, flags);
    }

    /// <summary>Stores <paramref name="value"/> for every CPU under <paramref name="key"/>.</summary>
    public void UpdateAll(TKey key, TValue value, MapUpdateFlags flags = MapUpdateFlags.Any)
    {
        var values = new TValue[CpuCount];
        Array.Fill(values, value);
        Update(key, values, flags);
    }

    /// <summary>Removes <paramref name="key"/>; false when it was absent (array maps cannot delete).</summary>
    public bool Delete(TKey key) => Map.Delete(TypedElements.Bytes(ref key));

    /// <summary>Every key, in the kernel's iteration order.</summary>
    public IEnumerable<TKey> Keys => Map.Keys().Select(bytes => MemoryMarshal.Read<TKey>(bytes));

    /// <inheritdoc/>
    public override string ToString() => $"{Map.Name} ({typeof(TKey).Name} -> {typeof(TValue).Name} per CPU)";
}
