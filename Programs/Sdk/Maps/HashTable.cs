namespace TraitsBpf;

/// <summary>The managed stand-in for the kernel's hash and LRU hash maps, with the kernel's update rules.</summary>
internal sealed unsafe class HashTable<TValue> : IDisposable
    where TValue : unmanaged
{
    private readonly Dictionary<KeyBytes, LinkedListNode<(KeyBytes Key, NativeValue<TValue> Value)>> entries = [];
    private readonly LinkedList<(KeyBytes Key, NativeValue<TValue> Value)> recency = new();
    private readonly List<NativeValue<TValue>> retired = [];
    private readonly int maxEntries;
    private readonly bool evictLeastRecentlyUsed;

    public HashTable(int maxEntries, bool evictLeastRecentlyUsed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        this.maxEntries = maxEntries;
        this.evictLeastRecentlyUsed = evictLeastRecentlyUsed;
    }

    public int Count => entries.Count;

    public IEnumerable<(KeyBytes Key, TValue Value)> Entries => recency.Select(e => (e.Key, *e.Value.Pointer));

    public TValue* Lookup(KeyBytes key)
    {
        if (!entries.TryGetValue(key, out var node))
        {
            return null;
        }

        Touch(node);
        return node.Value.Value.Pointer;
    }

    public int Update(KeyBytes key, in TValue value, MapUpdate flags)
    {
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

            *node.Value.Value.Pointer = value;
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

        var stored = new NativeValue<TValue>();
        *stored.Pointer = value;
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
