using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader.AfXdp;

/// <summary>One of an AF_XDP socket's rings as the ABI defines it.</summary>
/// <param name="Name">What messages call it.</param>
/// <param name="SizeOption">The SOL_XDP socket option that sets its entry count.</param>
/// <param name="PageOffset">The mmap offset that maps it.</param>
/// <param name="EntrySize">The size of an entry: a <c>struct xdp_desc</c> on the RX and TX rings, a UMEM address on the fill and completion rings.</param>
/// <param name="Offsets">Its part of the socket's <c>struct xdp_mmap_offsets</c>.</param>
internal sealed record XdpRingKind(string Name, int SizeOption, long PageOffset, uint EntrySize, Func<XdpMmapOffsets, XdpRingOffset> Offsets);
