using System.Runtime.InteropServices;

namespace TraitsBpf.Loader.Interop;

/// <summary><c>struct bpf_prog_load_opts</c> (bpf.h, libbpf 1.1), for the raw <c>bpf_prog_load</c> of a probe program.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct BpfProgLoadOpts
{
    public nuint sz;
    public int attempts;
    public int expected_attach_type;
    public uint prog_btf_fd;
    public uint prog_flags;
    public uint prog_ifindex;
    public uint kern_version;
    public uint attach_btf_id;
    public uint attach_prog_fd;
    public uint attach_btf_obj_fd;
    public int* fd_array;
    public void* func_info;
    public uint func_info_cnt;
    public uint func_info_rec_size;
    public void* line_info;
    public uint line_info_cnt;
    public uint line_info_rec_size;
    public uint log_level;
    public uint log_size;
    public byte* log_buf;
}
