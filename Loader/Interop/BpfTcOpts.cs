using System.Runtime.InteropServices;

namespace TraitsBpf.Loader.Interop;

/// <summary><c>struct bpf_tc_opts</c> (libbpf.h, libbpf 1.1).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct BpfTcOpts
{
    /// <summary><c>BPF_TC_F_REPLACE</c>.</summary>
    public const uint FlagReplace = 1;

    public nuint sz;
    public int prog_fd;
    public uint flags;
    public uint prog_id;
    public uint handle;
    public uint priority;
}
