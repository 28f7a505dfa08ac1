using System.Runtime.InteropServices;

namespace TraitsBpf.Loader.Interop;

/// <summary>
/// <c>struct bpf_link_info</c> (linux/bpf.h as shipped with Debian 12's headers).
/// Only the XDP member of the per-type union is named; the rest stays opaque.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct BpfLinkInfo
{
    public uint type;
    public uint id;
    public uint prog_id;
    private uint _pad;
    /// <summary>The union; for XDP links the first word is <c>xdp.ifindex</c>.</summary>
    public fixed ulong target_union[4];
}
