namespace TraitsBpf.Loader.Attach;

/// <summary>
/// What traitsbpf remembers about one attachment, stored beside its pins (see
/// <see cref="AttachmentMetadata"/>) so that later commands can list and detach it.
/// </summary>
public sealed record AttachmentRecord
{
    /// <summary>The format version of this record.</summary>
    public int Version { get; init; } = 1;

    /// <summary>The attachment's name, which is also its pin directory's name.</summary>
    public required string Name { get; init; }

    /// <summary>The interface name when attached: a label only, since interfaces can be renamed; <see cref="InterfaceIndex"/> identifies it.</summary>
    public required string Interface { get; init; }

    /// <summary>The interface index when attached.</summary>
    public required int InterfaceIndex { get; init; }

    /// <summary>The inode of the network namespace the interface lives in; interface names and indexes are per namespace.</summary>
    public required ulong NetworkNamespace { get; init; }

    /// <summary>
    /// The namespace's cookie (SO_NETNS_COOKIE), which unlike its inode is never reused; 0 in records
    /// of earlier versions and on kernels before 5.14, which are matched by inode alone.
    /// </summary>
    public ulong NetworkNamespaceCookie { get; init; }

    /// <summary>XDP, TC ingress or TC egress.</summary>
    public required AttachHook Hook { get; init; }

    /// <summary>For XDP: native or generic.</summary>
    public XdpMode? XdpMode { get; init; }

    /// <summary>How the kernel holds the attachment.</summary>
    public required AttachMethod Method { get; init; }

    /// <summary>For a member of libxdp's dispatcher: its run priority there (lower runs first); null otherwise.</summary>
    public uint? XdpPriority { get; init; }

    /// <summary>For TC: the filter's handle.</summary>
    public uint TcHandle { get; init; }

    /// <summary>For TC: the filter's priority.</summary>
    public uint TcPriority { get; init; }

    /// <summary>For TC: true when traitsbpf created the clsact qdisc and so may remove it once no filter is left on it.</summary>
    public bool OwnsQdisc { get; init; }

    /// <summary>
    /// The kernel's id of the link that holds the attachment (XDP link, tcx link); 0 for attachments held
    /// without one, and in records written before links were recorded.
    /// </summary>
    public uint LinkId { get; init; }

    /// <summary>For a cgroup attachment: the socket-address hook (<c>sendmsg4</c>, ...); null otherwise. <see cref="Interface"/> is then the cgroup's path.</summary>
    public string? CgroupHook { get; init; }

    /// <summary>
    /// For a cgroup attachment: the kernel's id of the cgroup, as its link reported it when attached. It identifies the
    /// cgroup (a directory made again at the same path is another cgroup); 0 otherwise and in a write-ahead intent.
    /// </summary>
    public ulong CgroupId { get; init; }

    /// <summary>The program's name in its object.</summary>
    public required string Program { get; init; }

    /// <summary>The kernel's id of the attached program: detach and list check that this program, not merely some program, is where the record says.</summary>
    public required uint ProgramId { get; init; }

    /// <summary>
    /// For an attachment made by <c>--replace</c>: the id of the program it replaced, which the recovery of a
    /// crash in the middle of the replace puts back. 0 for an attachment made new.
    /// </summary>
    public uint ReplacesProgramId { get; init; }

    /// <summary>
    /// When the process that wrote this record started (clock ticks after boot, /proc/PID/stat): with the pid in a
    /// working directory's name it tells that writer from a later process given the same pid. 0 in older records.
    /// </summary>
    public ulong WriterStartTime { get; init; }

    /// <summary>The object the program came from, as the user named it.</summary>
    public required string Source { get; init; }

    /// <summary>The file names of the pinned maps under <c>maps/</c> (libbpf's names with '.' turned into '_').</summary>
    public required IReadOnlyList<string> Maps { get; init; }

    /// <summary>When the attachment was made (UTC).</summary>
    public required DateTimeOffset AttachedAt { get; init; }

    /// <summary>The packet traits the program's object uses; null when it uses none (or the record predates traits).</summary>
    public AttachmentTraits? Traits { get; init; }
}
