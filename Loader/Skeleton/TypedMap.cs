using System.Collections;
using System.Runtime.InteropServices;

namespace TraitsBpf.Loader.Skeleton;

/// <summary>
/// A map whose keys and values are C# types: the program's own structs (a generated skeleton names them) or
/// integers. Each operation is one syscall on the map's descriptor; the map may be an object's or a pinned one.
/// Per-CPU maps are <see cref="PerCpuTypedMap{TKey, TValue}"/>.
/// </summary>
/// <typeparam name="TKey">The key type, exactly the map's key size.</typeparam>
/// <typeparam name="TValue">The value type, exactly the map's value size.</typeparam>
public sealed class TypedMap<TKey, TValue> : IEnumerable<KeyValuePair<TKey, TValue>>
    where TKey : unmanaged
    where TValue : unmanaged
{
    /// <summary>Wraps <paramref name="map"/>, checking that <typeparamref name="TKey"/> and <typeparamref name="TValue"/> have its key and value sizes.</summary>
    /// <exception cref="ArgumentException">The map is per-CPU, or a size differs.</exception>
    public TypedMap(IBpfMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (map.IsPerCpu)
            throw new ArgumentException($"map '{map.Name}' is per-CPU ({map.Type}); read it with PerCpuTypedMap", nameof(map));
        TypedElements.Check<TKey>(map, "keys", map.KeySize);
        TypedElements.Check<TValue>(map, "values", map.ValueSize);
        Map = map;
    }

    /// <summary>The map underneath, for byte-level access.</summary>
    public IBpfMap Map { get; }

    /// <summary>The value under <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">The key is absent.</exception>
    public TValue this[TKey key]
    {
        get => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"map '{Map.Name}' has no key {key}");
        set => Update(key, value);
    }

    /// <summary>The value under <paramref name="key"/>; false when the key is absent.</summary>
    public bool TryGetValue(TKey key, out TValue value)
    {
        value = default;
        return Map.Lookup(TypedElements.Bytes(ref key), TypedElements.Bytes(ref value));
    }

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/>.</summary>
    public void Update(TKey key, TValue value, MapUpdateFlags flags = MapUpdateFlags.Any) =>
        Map.Update(TypedElements.Bytes(ref key), TypedElements.Bytes(ref value), flags);

    /// <summary>Removes <paramref name="key"/>; false when it was absent (array maps cannot delete).</summary>
    public bool Delete(TKey key) => Map.Delete(TypedElements.Bytes(ref key));

    /// <summary>Every key, in the kernel's iteration order.</summary>
    public IEnumerable<TKey> Keys => Map.Keys().Select(bytes => MemoryMarshal.Read<TKey>(bytes));

    /// <summary>Every entry: the keys in the kernel's order, each with its value when read; a key deleted meanwhile is skipped.</summary>
    public IEnumerator<KeyValuePair<TKey, TValue>> GetEnumerator()
    {
        foreach (var key in Keys)
        {
            if (TryGetValue(key, out var value))
                yield return new KeyValuePair<TKey, TValue>(key, value);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public override string ToString() => $"{Map.Name} ({typeof(TKey).Name} -> {typeof(TValue).Name})";
}
