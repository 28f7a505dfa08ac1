using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>
/// BPF_MAP_TYPE_LPM_TRIE: values by prefix, looked up by longest-prefix match, as for routes or
/// address blocks. <typeparamref name="TKey"/> is a struct whose first field is
/// <c>uint PrefixLength</c>, followed by the address bytes in network order (as C's
/// <c>struct bpf_lpm_trie_key_u8</c> header and data); the prefix counts bits from the first
/// address byte's most significant bit. The map is always created with
/// <see cref="MapFlags.NoPrealloc"/>, which the kernel requires of LPM tries.
/// </summary>
/// <typeparam name="TKey">The key: <c>uint PrefixLength</c> and then 1 to 256 bytes of address.</typeparam>
/// <typeparam name="TValue">The value type; any unmanaged type.</typeparam>
public sealed unsafe class LpmTrieMap<TKey, TValue> : IDisposable
    where TKey : unmanaged
    where TValue : unmanaged
{
    private const int PrefixLengthSize = sizeof(uint);
    private const int MaxAddressBytes = 256;

    private readonly List<(KeyBytes Key, NativeValue<TValue> Value)> prefixes = [];
    private readonly List<NativeValue<TValue>> retired = [];

    /// <summary>Declares the map; <see cref="MapFlags.NoPrealloc"/> is added to <paramref name="flags"/>.</summary>
    public LpmTrieMap(int maxEntries, MapFlags flags = MapFlags.None)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        int addressBytes = sizeof(TKey) - PrefixLengthSize;
        if (addressBytes is < 1 or > MaxAddressBytes)
        {
            throw new ArgumentException($"an LPM trie key is a uint PrefixLength and 1 to {MaxAddressBytes} address bytes; {typeof(TKey).Name} has {sizeof(TKey)} bytes in all", nameof(TKey));
        }

        MaxEntries = maxEntries;
        Flags = flags | MapFlags.NoPrealloc;
        MaxPrefixLength = (uint)addressBytes * 8;
    }

    /// <summary>max_entries.</summary>
    public int MaxEntries { get; }

    /// <summary>map_flags, always with <see cref="MapFlags.NoPrealloc"/>.</summary>
    public MapFlags Flags { get; }

    /// <summary>The longest prefix a key can have: its address bits.</summary>
    public uint MaxPrefixLength { get; }

    /// <summary>Number of prefixes (managed only).</summary>
    public int Count => prefixes.Count;

    /// <summary>The prefixes and their values, as they were last written (managed only).</summary>
    public IEnumerable<KeyValuePair<TKey, TValue>> Entries => prefixes.Select(p => new KeyValuePair<TKey, TValue>(p.Key.As<TKey>(), *p.Value.Pointer));

    /// <summary>
    /// The value of the longest stored prefix that matches <paramref name="key"/>'s address in its
    /// first <c>PrefixLength</c> bits, or null when none does or the key's prefix is longer than
    /// the address (bpf_map_lookup_elem).
    /// </summary>
    [BpfHelper(BpfHelper.MapLookupElem)]
    public TValue* Lookup(in TKey key)
    {
        var wanted = KeyBytes.Of(key);
        uint limit = PrefixLength(wanted);
        if (limit > MaxPrefixLength)
        {
            return null;
        }

        (KeyBytes Key, NativeValue<TValue> Value)? best = null;
        foreach (var prefix in prefixes)
        {
            uint length = PrefixLength(prefix.Key);
            if (length <= limit && (best is null || length > PrefixLength(best.Value.Key)) && SameBits(prefix.Key, wanted, length))
            {
                best = prefix;
            }
        }

        return best is null ? null : best.Value.Value.Pointer;
    }

    /// <summary>
    /// Stores the value for a prefix (bpf_map_update_elem): 0; -EINVAL for a prefix longer than
    /// the address or unknown flags; -EEXIST or -ENOENT per <paramref name="flags"/>; -ENOSPC when
    /// a new prefix would exceed max_entries.
    /// </summary>
    [BpfHelper(BpfHelper.MapUpdateElem)]
    public int Update(in TKey key, in TValue value, MapUpdate flags = MapUpdate.Any)
    {
        var bytes = KeyBytes.Of(key);
        if (flags > MapUpdate.Exist || PrefixLength(bytes) > MaxPrefixLength)
        {
            return -Errno.EINVAL;
        }

        int existing = IndexOf(bytes);
        if (existing < 0 && flags == MapUpdate.Exist)
        {
            return -Errno.ENOENT;
        }

        if (existing >= 0 && flags == MapUpdate.NoExist)
        {
            return -Errno.EEXIST;
        }

        if (existing < 0 && prefixes.Count >= MaxEntries)
        {
            return -Errno.ENOSPC;
        }

        // The kernel puts a new node in place of the old one: a pointer a program holds keeps the old value.
        var stored = new NativeValue<TValue>();
        *stored.Pointer = value;
        if (existing >= 0)
        {
            retired.Add(prefixes[existing].Value);
            prefixes[existing] = (bytes, stored);
        }
        else
        {
            prefixes.Add((bytes, stored));
        }

        return 0;
    }

    /// <summary>Removes exactly this prefix (bpf_map_delete_elem): 0, -ENOENT when absent, -EINVAL for a prefix longer than the address.</summary>
    [BpfHelper(BpfHelper.MapDeleteElem)]
    public int Delete(in TKey key)
    {
        var bytes = KeyBytes.Of(key);
        if (PrefixLength(bytes) > MaxPrefixLength)
        {
            return -Errno.EINVAL;
        }

        int existing = IndexOf(bytes);
        if (existing < 0)
        {
            return -Errno.ENOENT;
        }

        retired.Add(prefixes[existing].Value);
        prefixes.RemoveAt(existing);
        return 0;
    }

    /// <summary>Removes every prefix (managed only).</summary>
    public void Clear()
    {
        retired.AddRange(prefixes.Select(p => p.Value));
        prefixes.Clear();
    }

    /// <summary>Frees the values.</summary>
    public void Dispose()
    {
        foreach (var value in prefixes.Select(p => p.Value).Concat(retired))
        {
            value.Dispose();
        }
    }

    private int IndexOf(KeyBytes key)
    {
        uint length = PrefixLength(key);
        return prefixes.FindIndex(p => PrefixLength(p.Key) == length && SameBits(p.Key, key, length));
    }

    private static uint PrefixLength(KeyBytes key) => BitConverter.ToUInt32(key.Span);

    /// <summary>Whether two keys' addresses agree in their first <paramref name="bits"/> bits, most significant bit of each byte first.</summary>
    private static bool SameBits(KeyBytes a, KeyBytes b, uint bits)
    {
        for (int bit = 0; bit < bits; bit++)
        {
            int index = PrefixLengthSize + (bit / 8);
            int mask = 0x80 >> (bit % 8);
            if ((a.Span[index] & mask) != (b.Span[index] & mask))
            {
                return false;
            }
        }

        return true;
    }
}
