using System.Runtime.InteropServices;

namespace TraitsBpf.Loader.Interop;

/// <summary><c>struct xdp_ring_offset</c> (linux/if_xdp.h), under its C field names: where a ring's parts lie in its mapping.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct XdpRingOffset
{
    public ulong producer;
    public ulong consumer;
    public ulong desc;
    public ulong flags;
}
