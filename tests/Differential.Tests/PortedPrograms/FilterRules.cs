using TraitsBpf.Differential.Tests.Packets;
using TraitsBpf.Testing.Packets;

namespace TraitsBpf.Differential.Tests.PortedPrograms;

/// <summary>
/// Keys for the filter port's rules taken from the standard corpus (fixed seeds, so the same on every
/// run): the corpus draws IPv6 addresses at random and puts the same two MACs on every frame it
/// builds, so a rule that matches something has to come from the packets themselves.
/// </summary>
public static class FilterRules
{
    private const int EthernetHeaderLength = 14;
    private const int MacLength = 6;
    private const int IPv6SourceOffset = EthernetHeaderLength + 8;
    private const int IPv6AddressLength = 16;

    /// <summary>The destination MAC of every frame the corpus builds.</summary>
    public static ReadOnlySpan<byte> BuilderDestinationMac => [0x02, 0, 0, 0, 0, 0x02];

    /// <summary>The source address of the corpus's first untagged IPv6 frame.</summary>
    public static byte[] FirstIPv6Source() =>
        PacketCorpus.Standard.Select(p => p.Bytes)
            .First(b => b.Length >= IPv6SourceOffset + IPv6AddressLength && b[12] == EtherType.IPv6 >> 8 && b[13] == (EtherType.IPv6 & 0xFF))
            [IPv6SourceOffset..(IPv6SourceOffset + IPv6AddressLength)];

    /// <summary>The source MAC of the corpus's first frame whose source is not the builder's.</summary>
    public static byte[] FirstUnusualSourceMac()
    {
        byte[] builderSource = FrameBuilder.Ethernet(EtherType.Arp).Build().Bytes[MacLength..(2 * MacLength)];
        return PacketCorpus.Standard.Select(p => p.Bytes[MacLength..(2 * MacLength)]).First(mac => !mac.AsSpan().SequenceEqual(builderSource));
    }
}
