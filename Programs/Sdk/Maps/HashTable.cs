namespace TraitsBpf;

/// <summary>
/// The managed stand-in for the kernel's hash maps, with the kernel's update rules. A per-CPU
/// table keeps one copy of each value per CPU: an update writes only the running CPU's copy, and
/// an element it creates starts with every other CPU's copy zeroed, as the kernel does.
/// </summary>
internal sealed unsafe class HashTable<TValue> : IDisposable
    where TValue : unmanaged
{
    private readonly Dictionary<KeyBytes, LinkedListNode<(KeyBytes Key, NativeValue<TValue> Value)>> entries = [];
    private readonly LinkedList<(KeyBytes Key, NativeValue<TValue> Value)> recency = new();
    private readonly List<NativeValue<TValue>> retired = [];
    private readonly int maxEntries;
    private readonly bool evictLeastRecentlyUsed;
    private readonly int copies;

    public HashTable(int maxEntries, bool evictLeastRecentlyUsed, int copies = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        this.maxEntries = maxEntries;
        this.evictLeastRecentlyUsed = evictLeastRecentlyUsed;
        this.copies = copies;
    }

    public int Count => entries.Count;

    public IEnumerable<(KeyBytes Key, TValue Value)> Entries(int copy = 0) => recency.Select(e => (e.Key, e.Value.Pointer[Check(copy)]));

    /// <summary>The element whose value (copy <paramref name="copy"/>) holds <paramref name="address"/>, without touching its recency.</summary>
    public bool TryFindElement(byte* address, int copy, out KeyBytes key, out TValue* value)
    {
        foreach (var (elementKey, stored) in recency)
        {
            var candidate = stored.Pointer + Check(copy);
            if (address >= (byte*)candidate && address < (byte*)(candidate + 1))
            {
                key = elementKey;
                value = candidate;
                return true;
            }
        }

        key = default;
        value = null;
        return false;
    }

    public TValue* Lookup(KeyBytes key, int copy = 0)
    {
        if (!entries.TryGetValue(key, out var node))
        {
            return null;
        }

        Touch(node);
        return node.Value.Value.Pointer + Check(copy);
    }

    public int Update(KeyBytes key, in TValue value, MapUpdate flags, int copy = 0)
    {
        Check(copy);
        if (flags > MapUpdate.Exist)
        {
            return -Errno.EINVAL;
        }

        if (entries.TryGetValue(key, out var node))
        {
            if (flags == MapUpdate.NoExist)
            {
                return -Errno.EEXIST;
            }

            node.Value.Value.Pointer[copy] = value;
            Touch(node);
            return 0;
        }

        if (flags == MapUpdate.Exist)
        {
            return -Errno.ENOENT;
        }

        if (entries.Count >= maxEntries)
        {
            if (!evictLeastRecentlyUsed)
            {
                return -Errno.E2BIG;
            }

            Delete(recency.Last!.Value.Key);
        }

        var stored = new NativeValue<TValue>(copies);
        stored.Pointer[copy] = value;
        entries[key] = recency.AddFirst((key, stored));
        return 0;
    }

    public int Delete(KeyBytes key)
    {
        if (!entries.Remove(key, out var node))
        {
            return -Errno.ENOENT;
        }

        recency.Remove(node);

        // A program may still hold a pointer to the value, as it may in the kernel under RCU: keep the memory until the map goes.
        retired.Add(node.Value.Value);
        return 0;
    }

    public void Clear()
    {
        foreach (var key in entries.Keys.ToList())
        {
            Delete(key);
        }
    }

    private int Check(int copy) => (uint)copy < (uint)copies ? copy : throw new ArgumentOutOfRangeException(nameof(copy), copy, $"the table keeps {copies} copies of each value");

    private void Touch(LinkedListNode<(KeyBytes Key, NativeValue<TValue> Value)> node)
    {
        recency.Remove(node);
        recency.AddFirst(node);
    }

    public void Dispose()
    {
        foreach (var (_, value) in recency)
        {
            value.Dispose();
        }

        foreach (var value in retired)
        {
            value.Dispose();
        }
    }
}
