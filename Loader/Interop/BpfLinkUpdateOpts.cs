using System.Runtime.InteropServices;

namespace TraitsBpf.Loader.Interop;

/// <summary><c>struct bpf_link_update_opts</c> (bpf.h, libbpf 1.1).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct BpfLinkUpdateOpts
{
    public nuint sz;
    public uint flags;
    public uint old_prog_fd;
}
