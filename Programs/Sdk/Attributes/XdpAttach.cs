namespace TraitsBpf;

/// <summary>Where the kernel runs an XDP program: on an interface, or from a CPU map or device map slot.</summary>
public enum XdpAttach
{
    /// <summary>Attached to an interface (section <c>xdp</c>): the first program a packet meets.</summary>
    Interface = 0,

    /// <summary>
    /// A CPUMAP program (section <c>xdp/cpumap</c>, BPF_XDP_CPUMAP): runs on the CPU of the <see cref="CpuMap"/> slot
    /// a packet was redirected to, before the stack takes it there. XDP_PASS passes, XDP_REDIRECT redirects again,
    /// any other verdict drops. It is never attached to an interface.
    /// </summary>
    CpuMap = 1,

    /// <summary>
    /// A DEVMAP program (section <c>xdp/devmap</c>, BPF_XDP_DEVMAP): runs on a packet redirected into a
    /// <see cref="DevMap"/> or <see cref="DevMapHash"/> slot, before it leaves the slot's interface, with
    /// <see cref="XdpContext.EgressIfindex"/> set. XDP_PASS sends it, any other verdict drops. It is never
    /// attached to an interface.
    /// </summary>
    DevMap = 2,
}
