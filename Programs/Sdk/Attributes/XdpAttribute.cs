namespace TraitsBpf;

/// <summary>
/// Declares an XDP program. The method must be <c>static</c>, take one <see cref="XdpContext"/>
/// and return <see cref="XdpAction"/>. The name is the program's ELF symbol, what bpftool shows
/// and pins, and what <c>traitsbpf --program</c> takes; the object section is <c>xdp</c>.
/// </summary>
/// <param name="name">Program name: letters, digits and underscores, at most 15 characters (the kernel keeps 15).</param>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class XdpAttribute(string name) : Attribute
{
    /// <summary>The program name.</summary>
    public string Name { get; } = name;
}
