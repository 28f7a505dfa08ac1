using System.Runtime.InteropServices;

namespace TraitsBpf.Loader.Interop;

/// <summary><c>struct bpf_map_create_opts</c> (bpf.h, libbpf 1.1).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct BpfMapCreateOpts
{
    /// <summary><c>BPF_F_RDONLY_PROG</c>: programs may read the map but not write it.</summary>
    public const uint FlagReadOnlyProgram = 1 << 7;

    public nuint sz;
    public uint btf_fd;
    public uint btf_key_type_id;
    public uint btf_value_type_id;
    public uint btf_vmlinux_value_type_id;
    public uint inner_map_fd;
    public uint map_flags;
    public ulong map_extra;
    public uint numa_node;
    public uint map_ifindex;
}
