namespace TraitsBpf;

/// <summary>Which header an offset of <see cref="TcContext.LoadBytesRelative"/> counts from (<c>enum bpf_hdr_start_off</c>).</summary>
public enum HeaderStart : uint
{
    /// <summary>BPF_HDR_START_MAC: the link-layer (Ethernet) header.</summary>
    Mac = 0,

    /// <summary>BPF_HDR_START_NET: the network (IP) header.</summary>
    Network = 1,
}
