using System.Runtime.InteropServices;

namespace TraitsBpf;

/// <summary>
/// <c>struct bpf_dynptr</c>: an opaque 16-byte handle the kernel fills in (bpf_dynptr_from_xdp,
/// bpf_dynptr_from_skb, bpf_dynptr_from_skb_meta) and reads through (bpf_dynptr_read,
/// bpf_dynptr_slice). Declare it as a local and pass it by <c>ref</c> or pointer to the kfuncs;
/// the verifier tracks what it points to, so it is never read or copied field by field.
/// </summary>
[KernelType("bpf_dynptr")]
[StructLayout(LayoutKind.Sequential, Size = 16)]
public struct Dynptr
{
    private ulong first;
    private ulong second;
}
