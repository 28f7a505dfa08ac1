using System.Runtime.InteropServices;

namespace TraitsBpf.Loader.Interop;

/// <summary><c>struct sockaddr_xdp</c> (linux/if_xdp.h), under its C field names: where an AF_XDP socket binds.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SockaddrXdp
{
    public ushort sxdp_family;
    public ushort sxdp_flags;
    public uint sxdp_ifindex;
    public uint sxdp_queue_id;
    public uint sxdp_shared_umem_fd;
}
