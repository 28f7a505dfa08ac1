using TraitsBpf.Testing.Packets;

namespace TraitsBpf.Programs.Tests.Packets;

/// <summary>
/// Builds Ethernet frames for tests with <see cref="FrameBuilder"/>, which fills in lengths and
/// checksums, in the short form these tests use: fixed addresses by default and payloads given by
/// their length.
/// </summary>
public sealed class PacketBuilder
{
    private static readonly byte[] SourceIPv6 = [.. Enumerable.Range(0, 16).Select(i => (byte)(0x20 + i))];
    private static readonly byte[] DestinationIPv6 = [.. Enumerable.Range(0, 16).Select(i => (byte)(0x40 + i))];

    private readonly FrameBuilder frame;

    private PacketBuilder(FrameBuilder frame) => this.frame = frame;

    /// <summary>An Ethernet header from 02:00:00:00:00:01 to 02:00:00:00:00:02.</summary>
    public static PacketBuilder Ethernet(ushort etherType) => new(FrameBuilder.Ethernet(etherType));

    public PacketBuilder Vlan(ushort id, ushort innerEtherType)
    {
        frame.Vlan(id, innerEtherType);
        return this;
    }

    /// <summary>An IPv4 header; <paramref name="options"/> must be a multiple of 4 bytes long.</summary>
    public PacketBuilder IPv4(byte protocol, uint source = 0x0A000001, uint destination = 0x0A000002, byte tos = 0, byte[]? options = null)
    {
        frame.IPv4(protocol, source, destination, tos, options: options);
        return this;
    }

    public PacketBuilder IPv6(byte nextHeader, byte trafficClass = 0)
    {
        frame.IPv6(nextHeader, SourceIPv6, DestinationIPv6, trafficClass);
        return this;
    }

    /// <summary>An IPv6 extension header of 8 × (<paramref name="lengthUnits"/> + 1) bytes.</summary>
    public PacketBuilder IPv6Extension(byte nextHeader, byte lengthUnits = 0)
    {
        frame.IPv6Extension(nextHeader, lengthUnits);
        return this;
    }

    public PacketBuilder Udp(ushort sourcePort, ushort destinationPort, int payloadLength = 8)
    {
        frame.Udp(sourcePort, destinationPort, Counting(payloadLength));
        return this;
    }

    /// <summary>A TCP header with <paramref name="options"/> as one block (padded to a multiple of 4 bytes) and a payload.</summary>
    public PacketBuilder Tcp(ushort sourcePort, ushort destinationPort, byte flags, byte[]? options = null, int payloadLength = 0)
    {
        frame.Tcp(sourcePort, destinationPort, flags, options is null ? [] : [options], Counting(payloadLength));
        return this;
    }

    /// <summary>An ICMP (or, after IPv6, ICMPv6) echo header with a payload of "abc…".</summary>
    public PacketBuilder IcmpEcho(byte type, ushort id = 7, ushort sequence = 1, int payloadLength = 16)
    {
        frame.Icmp(type, 0, id, sequence, [.. Enumerable.Range(0, payloadLength).Select(i => (byte)(0x61 + i % 26))]);
        return this;
    }

    public PacketBuilder Raw(params byte[] data)
    {
        frame.Payload(data);
        return this;
    }

    /// <summary>The frame with lengths and checksums filled in.</summary>
    public byte[] Build() => frame.Build().Bytes;

    private static byte[] Counting(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)i)];
}
