using System.Runtime.InteropServices;

namespace TraitsBpf.Loader.Interop;

/// <summary><c>struct bpf_xdp_attach_opts</c> (libbpf.h, libbpf 1.1).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct BpfXdpAttachOpts
{
    public nuint sz;
    public int old_prog_fd;
}
