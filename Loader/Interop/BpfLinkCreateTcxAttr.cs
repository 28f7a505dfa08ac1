using System.Runtime.InteropServices;

namespace TraitsBpf.Loader.Interop;

/// <summary>
/// The <c>link_create</c> member of <c>union bpf_attr</c> (linux/bpf.h, 6.6+) for a tcx link placed relative to
/// another program: libbpf 1.1's <c>bpf_link_create</c> rejects the tcx fields, so this goes to the bpf syscall itself.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct BpfLinkCreateTcxAttr
{
    public uint prog_fd;
    public uint target_ifindex;
    public uint attach_type;
    public uint flags;
    public uint relative_fd_or_id;
    public uint padding;
    public ulong expected_revision;
}
