using System.Runtime.InteropServices;

namespace TraitsBpf.Loader.Interop;

/// <summary><c>struct bpf_tc_hook</c> (libbpf.h, libbpf 1.1).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct BpfTcHook
{
    /// <summary><c>BPF_TC_INGRESS</c>.</summary>
    public const int Ingress = 1 << 0;

    /// <summary><c>BPF_TC_EGRESS</c>.</summary>
    public const int Egress = 1 << 1;

    public nuint sz;
    public int ifindex;
    public int attach_point;
    public uint parent;
}
