namespace TraitsBpf;

/// <summary>
/// BPF_MAP_TYPE_CGROUP_ARRAY: slots of cgroup v2 directories, which user space fills with a descriptor of the
/// directory (open it read only and store the descriptor as the 32-bit value); programs ask whether a packet's socket
/// is in one (<see cref="TcContext.UnderCgroup"/>). In managed execution, fill slots with the cgroups' ids
/// (<see cref="Set"/>).
/// </summary>
public sealed class CgroupArrayMap
{
    private readonly Dictionary<uint, ulong> cgroups = [];

    /// <summary>Declares the map with slots 0 to <paramref name="maxEntries"/> - 1.</summary>
    public CgroupArrayMap(int maxEntries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        MaxEntries = maxEntries;
    }

    /// <summary>max_entries.</summary>
    public int MaxEntries { get; }

    /// <summary>Puts the cgroup with id <paramref name="cgroupId"/> (its directory's inode number) in slot <paramref name="index"/> (managed only).</summary>
    public void Set(uint index, ulong cgroupId)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, (uint)MaxEntries);
        cgroups[index] = cgroupId;
    }

    /// <summary>Empties every slot (managed only).</summary>
    public void Clear() => cgroups.Clear();

    /// <summary>bpf_skb_under_cgroup's answer for a socket in <paramref name="socket"/>: 1 or 0, or -ENOENT, -E2BIG, -EAGAIN as the kernel gives them.</summary>
    internal int Contains(CgroupMembership socket, uint index)
    {
        if (socket.IsNoSocket)
        {
            return -Errno.ENOENT;
        }

        if (index >= (uint)MaxEntries)
        {
            return -Errno.E2BIG;
        }

        return !cgroups.TryGetValue(index, out ulong cgroup) ? -Errno.EAGAIN : socket.IsUnder(cgroup) ? 1 : 0;
    }
}
