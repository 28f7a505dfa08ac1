namespace TraitsBpf;

/// <summary>
/// Declares an XDP program. The method must be <c>static</c>, take one <see cref="XdpContext"/>
/// and return <see cref="XdpAction"/>. The name is the program's ELF symbol, what bpftool shows
/// and pins, and what <c>traitsbpf --program</c> takes; the object section is <c>xdp</c>, or
/// <c>xdp/cpumap</c> / <c>xdp/devmap</c> for a program that runs from a map slot (<see cref="XdpAttach"/>), each
/// with <c>xdp.frags</c> in place of <c>xdp</c> when the program takes multi-buffer packets (<see cref="Fragments"/>).
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

    /// <summary>
    /// Whether the program takes multi-buffer packets, whose bytes past the first buffer sit in fragments: the
    /// section becomes <c>xdp.frags</c> (<c>xdp.frags/cpumap</c>, <c>xdp.frags/devmap</c>), from which libbpf, and
    /// so <c>traitsbpf load</c>, loads it with BPF_F_XDP_HAS_FRAGS. The kernel then lets it attach where packets
    /// may be larger than a page (a veth whose peer's MTU is over 3,506 bytes, a driver with jumbo frames), which
    /// it refuses to a program without the flag. <see cref="XdpContext.Data"/> to <see cref="XdpContext.DataEnd"/>
    /// is only the first buffer; <see cref="XdpContext.LoadBytes"/>, <see cref="XdpContext.StoreBytes"/> and
    /// <see cref="XdpContext.BufferLength"/> reach the whole packet.
    /// </summary>
    public bool Fragments { get; init; }
}
