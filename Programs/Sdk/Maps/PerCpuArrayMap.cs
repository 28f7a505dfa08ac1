using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>
/// BPF_MAP_TYPE_PERCPU_ARRAY: like <see cref="ArrayMap{TValue}"/>, with a separate copy of every
/// value per CPU, so counters need no atomics. Managed execution runs on one CPU (CPU 0).
/// </summary>
/// <typeparam name="TValue">The value type; any unmanaged type.</typeparam>
public sealed unsafe class PerCpuArrayMap<TValue> : IDisposable
    where TValue : unmanaged
{
    private readonly ArrayMap<TValue> cpu0;

    /// <summary>Declares the map.</summary>
    public PerCpuArrayMap(int maxEntries, MapFlags flags = MapFlags.None)
    {
        cpu0 = new ArrayMap<TValue>(maxEntries, flags);
        MaxEntries = maxEntries;
        Flags = flags;
    }

    /// <summary>max_entries.</summary>
    public int MaxEntries { get; }

    /// <summary>map_flags.</summary>
    public MapFlags Flags { get; }

    /// <summary>This CPU's value at <paramref name="index"/>, or null out of range.</summary>
    [BpfHelper(BpfHelper.MapLookupElem)]
    public TValue* Lookup(in uint index) => cpu0.Lookup(index);

    /// <summary>Writes this CPU's value at <paramref name="index"/>.</summary>
    [BpfHelper(BpfHelper.MapUpdateElem)]
    public int Update(in uint index, in TValue value, MapUpdate flags = MapUpdate.Any) => cpu0.Update(index, value, flags);

    /// <summary>CPU 0's value at <paramref name="index"/> (managed only).</summary>
    public TValue this[uint index]
    {
        get => cpu0[index];
        set => cpu0[index] = value;
    }

    /// <summary>Sets every value to zero (managed only).</summary>
    public void Clear() => cpu0.Clear();

    /// <summary>Frees the values.</summary>
    public void Dispose() => cpu0.Dispose();
}
