using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>
/// BPF_MAP_TYPE_BLOOM_FILTER: a set that answers "maybe present" or "absent" for values pushed into it, in
/// fixed memory for about <c>maxEntries</c> values, with <c>hashFunctions</c> hash functions (map_extra; the
/// kernel's default is 5). The kernel may answer "maybe present" for a value never pushed; managed execution
/// keeps the exact set and never does, so tests should not depend on a false positive.
/// </summary>
/// <typeparam name="T">The value type; any unmanaged type.</typeparam>
public sealed class BloomFilterMap<T>
    where T : unmanaged
{
    private readonly HashSet<KeyBytes> values = [];

    /// <summary>Declares the map.</summary>
    public BloomFilterMap(int maxEntries, MapFlags flags = MapFlags.None, int hashFunctions = 5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hashFunctions, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hashFunctions, 15);
        MaxEntries = maxEntries;
        Flags = flags;
        HashFunctions = hashFunctions;
    }

    /// <summary>max_entries.</summary>
    public int MaxEntries { get; }

    /// <summary>map_flags.</summary>
    public MapFlags Flags { get; }

    /// <summary>The number of hash functions (map_extra).</summary>
    public int HashFunctions { get; }

    /// <summary>Adds <paramref name="value"/> to the set (bpf_map_push_elem with BPF_ANY): 0.</summary>
    [BpfIntrinsic("bloom.push", Helper = BpfHelper.MapPushElem)]
    public int Push(in T value) => PushElement(value, MapUpdate.Any);

    /// <summary>Whether <paramref name="value"/> may be in the set (bpf_map_peek_elem): 0 maybe present, -ENOENT absent.</summary>
    [BpfHelper(BpfHelper.MapPeekElem)]
    public int Peek(in T value) => values.Contains(KeyBytes.Of(value)) ? 0 : -Errno.ENOENT;

    /// <summary>Removes every value (managed only; the kernel's filter cannot forget a value).</summary>
    public void Clear() => values.Clear();

    /// <summary>The kernel's push: a bloom filter takes no flags but BPF_ANY.</summary>
    private int PushElement(in T value, MapUpdate flags)
    {
        if (flags != MapUpdate.Any)
        {
            return -Errno.EINVAL;
        }

        values.Add(KeyBytes.Of(value));
        return 0;
    }
}
