namespace TraitsBpf;

/// <summary>
/// Declares a raw tracepoint program (BPF_PROG_TYPE_RAW_TRACEPOINT): the tracepoint's arguments are untyped, so kernel structs are read with bpf_probe_read_kernel. The object section is <c>raw_tp/</c> followed by the target, as libbpf
/// expects, so libbpf and bpftool load and attach the object unchanged.
/// </summary>
/// <param name="target">The tracepoint, e.g. <c>consume_skb</c>.</param>
public sealed class RawTracepointAttribute(string target) : TracingProgramAttribute(target);
