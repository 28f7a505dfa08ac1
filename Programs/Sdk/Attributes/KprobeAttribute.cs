namespace TraitsBpf;

/// <summary>
/// Declares a kprobe program (BPF_PROG_TYPE_KPROBE) on a kernel function's entry: the arguments come from the registers (x86-64 calling convention), and kernel structs are read with bpf_probe_read_kernel. The object section is <c>kprobe/</c> followed by the target, as libbpf
/// expects, so libbpf and bpftool load and attach the object unchanged.
/// </summary>
/// <param name="target">The kernel function, e.g. <c>ip_rcv</c>.</param>
public sealed class KprobeAttribute(string target) : TracingProgramAttribute(target);
