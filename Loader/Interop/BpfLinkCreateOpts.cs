using System.Runtime.InteropServices;

namespace TraitsBpf.Loader.Interop;

/// <summary>
/// <c>struct bpf_link_create_opts</c> (bpf.h, libbpf 1.1). The trailing union
/// (perf_event / kprobe_multi / tracing) is kept as opaque words: the loader only
/// creates XDP and tcx links, which use none of it, but the size must still match C.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct BpfLinkCreateOpts
{
    public nuint sz;
    public uint flags;
    public void* iter_info;
    public uint iter_info_len;
    public uint target_btf_id;
    public fixed ulong target_union[4];
}
