namespace TraitsBpf;

/// <summary>
/// Declares a BTF-enabled tracepoint program (BPF_PROG_TYPE_TRACING, BPF_TRACE_RAW_TP): the tracepoint's arguments are typed by the kernel's BTF, so kernel structs they point to are read directly. The object section is <c>tp_btf/</c> followed by the target, as libbpf
/// expects, so libbpf and bpftool load and attach the object unchanged.
/// </summary>
/// <param name="target">The tracepoint, e.g. <c>consume_skb</c> or <c>kfree_skb</c>.</param>
public sealed class TpBtfAttribute(string target) : TracingProgramAttribute(target);
