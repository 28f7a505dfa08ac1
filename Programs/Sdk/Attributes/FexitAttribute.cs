namespace TraitsBpf;

/// <summary>
/// Declares an fexit program (BPF_PROG_TYPE_TRACING, BPF_TRACE_FEXIT) on a kernel function's return, through a BPF trampoline: the parameters are the function's arguments, then optionally its return value. The object section is <c>fexit/</c> followed by the target, as libbpf
/// expects, so libbpf and bpftool load and attach the object unchanged.
/// </summary>
/// <param name="target">The kernel function, e.g. <c>ip_forward</c>.</param>
public sealed class FexitAttribute(string target) : TracingProgramAttribute(target);
