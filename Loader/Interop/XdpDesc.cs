using System.Runtime.InteropServices;

namespace TraitsBpf.Loader.Interop;

/// <summary><c>struct xdp_desc</c> (linux/if_xdp.h), under its C field names: a frame on the RX or TX ring.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct XdpDesc
{
    public ulong addr;
    public uint len;
    public uint options;
}
