using System.Runtime.InteropServices;

namespace TraitsBpf.Loader.Interop;

/// <summary><c>struct xdp_mmap_offsets</c> (linux/if_xdp.h), under its C field names: the layout of an AF_XDP socket's four rings.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct XdpMmapOffsets
{
    public XdpRingOffset rx;
    public XdpRingOffset tx;
    public XdpRingOffset fr;
    public XdpRingOffset cr;
}
