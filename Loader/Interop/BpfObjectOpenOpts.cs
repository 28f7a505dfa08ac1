using System.Runtime.InteropServices;

namespace TraitsBpf.Loader.Interop;

/// <summary><c>struct bpf_object_open_opts</c> (libbpf.h, libbpf 1.1).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct BpfObjectOpenOpts
{
    public nuint sz;
    public byte* object_name;
    public byte relaxed_maps;
    public byte* pin_root_path;
    private uint _removedAttachProgFd;
    public byte* kconfig;
    public byte* btf_custom_path;
    public byte* kernel_log_buf;
    public nuint kernel_log_size;
    public uint kernel_log_level;
}
