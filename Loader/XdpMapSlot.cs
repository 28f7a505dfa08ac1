namespace TraitsBpf.Loader;

/// <summary>Which map's slots an XDP program runs from, by its expected attach type.</summary>
public enum XdpMapSlot
{
    /// <summary>None: an ordinary program, attached to a hook.</summary>
    None,

    /// <summary>BPF_XDP_CPUMAP: a CPU map's slots (<c>xdp/cpumap</c>).</summary>
    CpuMap,

    /// <summary>BPF_XDP_DEVMAP: a device map's or device hash map's slots (<c>xdp/devmap</c>).</summary>
    DevMap,
}
