namespace TraitsBpf;

/// <summary>
/// The context of a tracing program (tp_btf, raw_tp, kprobe, kretprobe, fentry, fexit). Programs
/// do not read it: the compiler reads the traced function's arguments from it (the u64 argument
/// array, or the registers of a kprobe) into the method's parameters. As managed code a tracing
/// program is an ordinary method: call it with <c>new TraceContext()</c> and the arguments.
/// </summary>
public sealed class TraceContext;
