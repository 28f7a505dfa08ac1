using System.Runtime.InteropServices;

namespace TraitsBpf.Loader.Interop;

/// <summary><c>struct bpf_obj_get_opts</c> (bpf.h, libbpf 1.1).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct BpfObjGetOpts
{
    /// <summary><c>BPF_F_RDONLY</c>: open a pinned map read-only.</summary>
    public const uint ReadOnly = 1 << 3;

    public nuint sz;
    public uint file_flags;
}
