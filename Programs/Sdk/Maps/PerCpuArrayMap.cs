using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>
/// BPF_MAP_TYPE_PERCPU_ARRAY: like <see cref="ArrayMap{TValue}"/>, with a separate copy of every
/// value per CPU, so counters need no atomics. Managed execution reads and writes the copy of
/// <see cref="ManagedExecution.Cpu"/> (CPU 0 unless a test sets it).
/// </summary>
/// <typeparam name="TValue">The value type; any unmanaged type.</typeparam>
public sealed unsafe class PerCpuArrayMap<TValue> : IDisposable
    where TValue : unmanaged
{
    private readonly ArrayMap<TValue>?[] cpus = new ArrayMap<TValue>?[ManagedExecution.MaxCpus];

    /// <summary>Declares the map.</summary>
    public PerCpuArrayMap(int maxEntries, MapFlags flags = MapFlags.None)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        MaxEntries = maxEntries;
        Flags = flags;
    }

    /// <summary>max_entries.</summary>
    public int MaxEntries { get; }

    /// <summary>map_flags.</summary>
    public MapFlags Flags { get; }

    /// <summary>This CPU's value at <paramref name="index"/>, or null out of range.</summary>
    [BpfHelper(BpfHelper.MapLookupElem)]
    public TValue* Lookup(in uint index) => On(ManagedExecution.Cpu).Lookup(index);

    /// <summary>
    /// CPU <paramref name="cpu"/>'s value at <paramref name="index"/> (bpf_map_lookup_percpu_elem, Linux 5.19+), or null
    /// out of range or when the machine has no such CPU. Managed: the CPUs are those below <see cref="ManagedExecution.PossibleCpus"/>.
    /// </summary>
    [BpfHelper(BpfHelper.MapLookupPercpuElem)]
    public TValue* LookupOnCpu(in uint index, uint cpu) => cpu < (uint)ManagedExecution.PossibleCpus ? On((int)cpu).Lookup(index) : null;

    /// <summary>Writes this CPU's value at <paramref name="index"/>.</summary>
    [BpfHelper(BpfHelper.MapUpdateElem)]
    public int Update(in uint index, in TValue value, MapUpdate flags = MapUpdate.Any) => On(ManagedExecution.Cpu).Update(index, value, flags);

    /// <summary>The value at <paramref name="index"/> on <see cref="ManagedExecution.Cpu"/> (managed only).</summary>
    public TValue this[uint index]
    {
        get => On(ManagedExecution.Cpu)[index];
        set => On(ManagedExecution.Cpu)[index] = value;
    }

    /// <summary>CPU <paramref name="cpu"/>'s value at <paramref name="index"/> (managed only).</summary>
    public TValue ValueOn(uint index, int cpu) => On(cpu)[index];

    /// <summary>Sets every value on every CPU to zero (managed only).</summary>
    public void Clear()
    {
        foreach (var values in cpus)
        {
            values?.Clear();
        }
    }

    /// <summary>Frees the values.</summary>
    public void Dispose()
    {
        foreach (var values in cpus)
        {
            values?.Dispose();
        }
    }

    private ArrayMap<TValue> On(int cpu) => cpus[cpu] ??= new ArrayMap<TValue>(MaxEntries, Flags);
}
