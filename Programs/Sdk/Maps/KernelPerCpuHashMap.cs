using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>
/// What <see cref="PerCpuHashMap{TKey, TValue}"/> and <see cref="LruPerCpuHashMap{TKey, TValue}"/>
/// share: one key set, and a copy of each value per CPU. A program reads and writes the copy of
/// the CPU it runs on (in managed execution <see cref="ManagedExecution.Cpu"/>); an element an
/// update creates starts zeroed on every other CPU; a delete removes the element on all CPUs.
/// User space reads every CPU's copy (<c>traitsbpf maps</c> prints them and their sum).
/// </summary>
/// <typeparam name="TKey">The key type; any unmanaged type.</typeparam>
/// <typeparam name="TValue">The value type; any unmanaged type.</typeparam>
public abstract class KernelPerCpuHashMap<TKey, TValue> : KernelHashMap<TKey, TValue>
    where TKey : unmanaged
    where TValue : unmanaged
{
    private protected KernelPerCpuHashMap(int maxEntries, MapFlags flags, bool evictLeastRecentlyUsed)
        : base(maxEntries, flags, evictLeastRecentlyUsed, perCpu: true)
    {
    }

    /// <summary>
    /// CPU <paramref name="cpu"/>'s copy of the value for <paramref name="key"/> (bpf_map_lookup_percpu_elem, Linux 5.19+),
    /// or null when the key is absent or the machine has no such CPU; writes through the pointer change that CPU's copy.
    /// Managed: the CPUs are those below <see cref="ManagedExecution.PossibleCpus"/>.
    /// </summary>
    [BpfHelper(BpfHelper.MapLookupPercpuElem)]
    public unsafe TValue* LookupOnCpu(in TKey key, uint cpu) => cpu < (uint)ManagedExecution.PossibleCpus ? LookupCopy(key, (int)cpu) : null;

    /// <summary>The elements with CPU <paramref name="cpu"/>'s copy of each value (managed only).</summary>
    public IEnumerable<KeyValuePair<TKey, TValue>> EntriesOn(int cpu) => EntriesOnCpu(cpu);
}
