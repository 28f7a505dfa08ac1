namespace TraitsBpf;

/// <summary>
/// Declares an fentry program (BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY) on a kernel function's entry, through a BPF trampoline: the arguments are typed by the kernel's BTF, so kernel structs are read directly. Kernels without trampolines for the caller refuse to load it. The object section is <c>fentry/</c> followed by the target, as libbpf
/// expects, so libbpf and bpftool load and attach the object unchanged.
/// </summary>
/// <param name="target">The kernel function, e.g. <c>ip_forward</c>.</param>
public sealed class FentryAttribute(string target) : TracingProgramAttribute(target);
