using System.Runtime.InteropServices;

namespace TraitsBpf.Loader.Interop;

/// <summary><c>struct xdp_statistics</c> (linux/if_xdp.h), under its C field names: an AF_XDP socket's drop counters.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct XdpStatistics
{
    public ulong rx_dropped;
    public ulong rx_invalid_descs;
    public ulong tx_invalid_descs;
    public ulong rx_ring_full;
    public ulong rx_fill_ring_empty_descs;
    public ulong tx_ring_empty_descs;
}
