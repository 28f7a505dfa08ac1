using System.Runtime.InteropServices;

namespace TraitsBpf.Loader.Interop;

/// <summary>
/// <c>struct xdp_umem_reg</c> (linux/if_xdp.h) as Linux 6.8 and later define it, with <c>tx_metadata_len</c>, under
/// its C field names. The kernel takes the whole struct only when its last field is explicit (older headers left 4 bytes
/// of padding there), so it is declared, and zero.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct XdpUmemReg
{
    public ulong addr;
    public ulong len;
    public uint chunk_size;
    public uint headroom;
    public uint flags;
    public uint tx_metadata_len;
}
