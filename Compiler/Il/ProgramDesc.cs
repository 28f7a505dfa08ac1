namespace TraitsBpf.Compiler.Il;

/// <summary>
/// A program entry point found in the assembly: a static method with an SDK program attribute;
/// <paramref name="AttachTarget"/> is a tracing program's kernel function or tracepoint, or a cgroup socket-address
/// program's hook as its section names it (<c>sendmsg4</c>), or a cgroup skb program's direction (<c>ingress</c>),
/// or the map an XDP program runs from (<c>cpumap</c>, <c>devmap</c>; null on an interface).
/// </summary>
internal sealed record ProgramDesc(string Name, ProgramKind Kind, string? TcDirection, MethodDesc Entry, string? AttachTarget = null)
{
    /// <summary>An XDP program's <c>[Xdp(..., Fragments = true)]</c>: it takes multi-buffer packets (section <c>xdp.frags</c>).</summary>
    public bool Fragments { get; init; }

    /// <summary>The ELF section libbpf and iproute2 recognize for this kind.</summary>
    public string SectionName => Kind.SectionName(AttachTarget, Fragments);
}
