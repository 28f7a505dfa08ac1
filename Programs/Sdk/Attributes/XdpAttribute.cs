namespace TraitsBpf;

/// <summary>
/// Declares an XDP program. The method must be <c>static</c>, take one <see cref="XdpContext"/>
/// and return <see cref="XdpAction"/>. The name is the program's ELF symbol, what bpftool shows
/// and pins, and what <c>traitsbpf --program</c> takes; the object section is <c>xdp</c>, or
/// <c>xdp/cpumap</c> / <c>xdp/devmap</c> for a program that runs from a map slot (<see cref="XdpAttach"/>).
/// </summary>
/// <param name="name">Program name: letters, digits and underscores, at most 15 characters (the kernel keeps 15).</param>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class XdpAttribute(string name) : Attribute
{
    /// <summary>Declares an XDP program that runs where <paramref name="attach"/> says.</summary>
    /// <param name="name">Program name, as for the one-argument form.</param>
    /// <param name="attach">An interface, or a <see cref="CpuMap"/> or device map slot.</param>
    public XdpAttribute(string name, XdpAttach attach)
        : this(name) => Attach = attach;

    /// <summary>The program name.</summary>
    public string Name { get; } = name;

    /// <summary>Where the kernel runs the program.</summary>
    public XdpAttach Attach { get; }
}
