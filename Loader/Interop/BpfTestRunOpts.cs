using System.Runtime.InteropServices;

namespace TraitsBpf.Loader.Interop;

/// <summary><c>struct bpf_test_run_opts</c> (bpf.h, libbpf 1.1).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct BpfTestRunOpts
{
    public nuint sz;
    public void* data_in;
    public void* data_out;
    public uint data_size_in;
    public uint data_size_out;
    public void* ctx_in;
    public void* ctx_out;
    public uint ctx_size_in;
    public uint ctx_size_out;
    public uint retval;
    public int repeat;
    public uint duration;
    public uint flags;
    public uint cpu;
    public uint batch_size;
}
