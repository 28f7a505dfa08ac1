namespace TraitsBpf;

/// <summary>
/// The managed stand-in for the kernel's queue and stack maps: up to a fixed number of values, oldest first.
/// A push to a full map fails with -E2BIG, or with <see cref="MapUpdate.Exist"/> drops the oldest value to make
/// room, as the kernel does for queues and stacks alike; <see cref="MapUpdate.NoExist"/> is -EINVAL.
/// </summary>
internal sealed class BoundedElements<T>
    where T : unmanaged
{
    private readonly LinkedList<T> values = new();
    private readonly int maxEntries;

    public BoundedElements(int maxEntries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        this.maxEntries = maxEntries;
    }

    public int Count => values.Count;

    /// <summary>The values, oldest first.</summary>
    public IEnumerable<T> Values => values;

    public int Push(in T value, MapUpdate flags)
    {
        if (flags is not (MapUpdate.Any or MapUpdate.Exist))
        {
            return -Errno.EINVAL;
        }

        if (values.Count == maxEntries)
        {
            if (flags != MapUpdate.Exist)
            {
                return -Errno.E2BIG;
            }

            values.RemoveFirst();
        }

        values.AddLast(value);
        return 0;
    }

    /// <summary>Copies the oldest (<paramref name="newest"/> false) or newest value out, removing it when <paramref name="remove"/>; an empty map zeroes the value and gives -ENOENT.</summary>
    public int Take(out T value, bool newest, bool remove)
    {
        var node = newest ? values.Last : values.First;
        if (node is null)
        {
            value = default;
            return -Errno.ENOENT;
        }

        value = node.Value;
        if (remove)
        {
            values.Remove(node);
        }

        return 0;
    }

    public void Clear() => values.Clear();
}
