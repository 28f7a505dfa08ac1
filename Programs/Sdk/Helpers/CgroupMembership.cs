namespace TraitsBpf;

/// <summary>
/// A cgroup v2 as the cgroup helpers see it, for managed execution: the ids of the cgroups from the hierarchy's root
/// (level 0) down to it, and its net_cls class id. A cgroup's id is its directory's inode number in a cgroup2 mount.
/// The kernel reads these from the sending socket or the running task, which managed execution does not have, so a
/// test states them (<see cref="TcContext.SocketCgroup"/>, <see cref="ManagedExecution.CurrentCgroup"/>).
/// </summary>
public sealed class CgroupMembership
{
    private readonly ulong[] ancestry;

    /// <summary>
    /// The cgroup whose ancestors, root first, and itself last are <paramref name="ancestry"/>, with net_cls class id
    /// <paramref name="classid"/> (0 when the task is in no net_cls cgroup, as on a cgroup v2 only system).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="ancestry"/> is empty or holds a zero id.</exception>
    public CgroupMembership(IEnumerable<ulong> ancestry, uint classid = 0)
    {
        ArgumentNullException.ThrowIfNull(ancestry);
        this.ancestry = [.. ancestry];
        if (this.ancestry.Length == 0 || this.ancestry.Contains(0UL))
        {
            throw new ArgumentException("a cgroup has at least the root's id, and no id is 0", nameof(ancestry));
        }

        Classid = classid;
    }

    private CgroupMembership()
    {
        ancestry = [];
    }

    /// <summary>
    /// What a packet without a full socket has (a packet the stack forwards, or one from a request or time-wait
    /// socket): the socket helpers answer 0, and <see cref="TcContext.UnderCgroup"/> -ENOENT.
    /// </summary>
    public static CgroupMembership NoSocket { get; } = new();

    /// <summary>Whether this is <see cref="NoSocket"/>.</summary>
    public bool IsNoSocket => ancestry.Length == 0;

    /// <summary>The cgroup's id (cgroup_id), 0 for <see cref="NoSocket"/>.</summary>
    public ulong Id => IsNoSocket ? 0 : ancestry[^1];

    /// <summary>The net_cls class id.</summary>
    public uint Classid { get; }

    /// <summary>The id of the ancestor at <paramref name="level"/> (the cgroup itself at its own level), 0 when there is none, as cgroup_ancestor answers.</summary>
    public ulong AncestorId(int level) => level >= 0 && level < ancestry.Length ? ancestry[level] : 0;

    /// <summary>Whether the cgroup with id <paramref name="cgroupId"/> is this one or one of its ancestors (cgroup_is_descendant).</summary>
    public bool IsUnder(ulong cgroupId) => ancestry.Contains(cgroupId);

    /// <summary><paramref name="input"/>, or the explanation that managed execution needs it (<paramref name="where"/> names the input).</summary>
    internal static CgroupMembership Required(CgroupMembership? input, string where) => input
        ?? throw new NotSupportedException($"the cgroup helpers read the kernel's cgroup of the socket or task, which managed execution does not have: set {where} to the cgroup the kernel would see (or CgroupMembership.NoSocket).");
}
