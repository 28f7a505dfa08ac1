namespace TraitsBpf;

/// <summary>
/// Declares a kretprobe program (BPF_PROG_TYPE_KPROBE) on a kernel function's return: its one optional parameter after the context is the function's return value. The object section is <c>kretprobe/</c> followed by the target, as libbpf
/// expects, so libbpf and bpftool load and attach the object unchanged.
/// </summary>
/// <param name="target">The kernel function, e.g. <c>ip_rcv</c>.</param>
public sealed class KretprobeAttribute(string target) : TracingProgramAttribute(target);
