using System.Buffers.Binary;

namespace TraitsBpf;

/// <summary>
/// The kernel's classic packet loads (net/core/filter.c, <c>bpf_skb_load_helper_{8,16,32}</c>) over a
/// managed packet: an offset from 0 reads from the packet's start, one from SKF_NET_OFF
/// (-0x100000) from the network header and one from SKF_LL_OFF (-0x200000) from the link-layer
/// header; the value is converted from network order; a load that does not fit ends the program.
/// </summary>
internal static unsafe class ClassicPacketLoad
{
    /// <summary>SKF_NET_OFF: offsets from here up to -1 are relative to the network header.</summary>
    private const int NetworkArea = -0x100000;

    /// <summary>SKF_LL_OFF: offsets from here up to SKF_NET_OFF - 1 are relative to the link-layer header.</summary>
    private const int LinkLayerArea = -0x200000;

    /// <summary>
    /// The <paramref name="size"/> bytes at <paramref name="offset"/>; <paramref name="networkOffset"/> and
    /// <paramref name="linkLayerOffset"/> are where those headers start relative to the packet's first byte
    /// (null when the managed packet does not hold the link-layer header).
    /// </summary>
    /// <exception cref="PacketLoadExitException">The load is past the packet: the program ends returning 0.</exception>
    /// <exception cref="NotSupportedException">An SKF_LL_OFF load on a packet without its link-layer header.</exception>
    public static uint Read(PacketBuffer buffer, int offset, int size, int networkOffset, int? linkLayerOffset)
    {
        long start = offset switch
        {
            >= 0 => offset,
            >= NetworkArea => (long)offset - NetworkArea + networkOffset,
            >= LinkLayerArea => linkLayerOffset is { } linkLayer
                ? (long)offset - LinkLayerArea + linkLayer
                : throw new NotSupportedException($"A classic packet load at SKF_LL_OFF + {offset - LinkLayerArea}: this managed context holds the packet from the network header on, so it has no link-layer header to read."),
            _ => -1,
        };
        if (start < 0 || start + size > buffer.Length)
        {
            throw new PacketLoadExitException(offset, size);
        }

        var bytes = new ReadOnlySpan<byte>(buffer.Data + start, size);
        return size switch
        {
            1 => bytes[0],
            2 => BinaryPrimitives.ReadUInt16BigEndian(bytes),
            _ => BinaryPrimitives.ReadUInt32BigEndian(bytes),
        };
    }
}
