using System.Runtime.InteropServices;

namespace TraitsBpf.Loader.Interop;

/// <summary>
/// <c>struct bpf_link_info</c> (linux/bpf.h as shipped with Debian 12's headers).
/// The per-type union stays opaque words; the accessors name the members traitsbpf reads.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct BpfLinkInfo
{
    public uint type;
    public uint id;
    public uint prog_id;
    private uint _pad;
    /// <summary>The union; for XDP links the first word is <c>xdp.ifindex</c>, for tcx links <c>tcx.ifindex</c> then <c>tcx.attach_type</c>.</summary>
    public fixed ulong target_union[4];

    /// <summary>
    /// <c>xdp.ifindex</c> or <c>tcx.ifindex</c>, which both open the union: the interface the link is attached to,
    /// 0 once the link was detached or its interface deleted.
    /// </summary>
    public readonly int Ifindex => (int)(uint)target_union[0];

    /// <summary><c>cgroup.cgroup_id</c>, which opens the union for a cgroup link: the cgroup it is attached to, 0 once detached or the cgroup removed.</summary>
    public readonly ulong CgroupId => target_union[0];
}
