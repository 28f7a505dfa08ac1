namespace TraitsBpf.Loader.AfXdp;

/// <summary>The UMEM and bind mode of an <see cref="AfXdpSocket"/>.</summary>
public sealed record AfXdpSocketOptions
{
    /// <summary>The size of one frame (the UMEM's chunk size): 2048 or 4096 bytes. A frame holds one packet, so it bounds what can be received and sent.</summary>
    public int FrameSize { get; init; } = 2048;

    /// <summary>
    /// How many frames the UMEM has, a power of two from 2: the first half receive (they sit on the fill ring until the kernel
    /// fills them), the second half send. Each of the four rings has half as many entries.
    /// </summary>
    public int FrameCount { get; init; } = 4096;

    /// <summary>Copy (the default, which veth and generic XDP support) or zero-copy.</summary>
    public AfXdpBindMode Mode { get; init; } = AfXdpBindMode.Copy;
}
