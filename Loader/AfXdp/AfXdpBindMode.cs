namespace TraitsBpf.Loader.AfXdp;

/// <summary>How an <see cref="AfXdpSocket"/> takes frames from its queue (<c>sxdp_flags</c> of its bind).</summary>
public enum AfXdpBindMode
{
    /// <summary>XDP_COPY: the kernel copies each frame into the UMEM; every driver (veth included) and generic XDP support it.</summary>
    Copy,

    /// <summary>XDP_ZEROCOPY: the driver receives into the UMEM itself; only drivers with zero-copy support take it (veth does not).</summary>
    ZeroCopy,
}
