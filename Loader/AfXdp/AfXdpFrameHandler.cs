namespace TraitsBpf.Loader.AfXdp;

/// <summary>
/// Reads one received frame in place, in the socket's UMEM: the span is valid only during the call, after which the
/// frame goes back to the fill ring for the kernel to reuse.
/// </summary>
/// <param name="frame">The frame from its Ethernet header, as long as the descriptor says.</param>
public delegate void AfXdpFrameHandler(ReadOnlySpan<byte> frame);
