namespace TraitsBpf;

/// <summary>
/// What every tracing program attribute declares: the kernel function or tracepoint the program
/// attaches to and the program's name. The method must be <c>static</c>, return <c>int</c>, take a
/// <see cref="TraceContext"/> first and then the traced function's arguments as parameters
/// (pointers to <see cref="KernelTypeAttribute"/> structs, other pointers or integers), in order.
/// </summary>
/// <param name="target">The kernel function or tracepoint, e.g. <c>consume_skb</c>.</param>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public abstract class TracingProgramAttribute(string target) : Attribute
{
    /// <summary>The kernel function or tracepoint the program attaches to; the part of the ELF section name after the slash.</summary>
    public string Target { get; } = target;

    /// <summary>The program name (ELF symbol, what bpftool shows and <c>--program</c> takes); the method's name when not set.</summary>
    public string? Name { get; init; }
}
