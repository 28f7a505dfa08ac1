using System.Runtime.InteropServices;

namespace TraitsBpf.Loader.Interop;

/// <summary><c>struct bpf_xdp_query_opts</c> (libbpf.h, libbpf 1.1).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct BpfXdpQueryOpts
{
    public nuint sz;
    public uint prog_id;
    public uint drv_prog_id;
    public uint hw_prog_id;
    public uint skb_prog_id;
    public byte attach_mode;
}
