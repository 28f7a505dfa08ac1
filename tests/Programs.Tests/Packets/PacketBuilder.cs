using System.Buffers.Binary;

namespace TraitsBpf.Programs.Tests.Packets;

/// <summary>
/// Builds Ethernet frames for tests, with correct lengths and checksums unless told otherwise:
/// the layers are appended in order and <see cref="Build"/> fills in what depends on later layers.
/// </summary>
public sealed class PacketBuilder
{
    public static readonly byte[] SourceMac = [0x02, 0x00, 0x00, 0x00, 0x00, 0x01];
    public static readonly byte[] DestinationMac = [0x02, 0x00, 0x00, 0x00, 0x00, 0x02];

    private readonly List<byte> bytes = [];
    private int ipv4Offset = -1;
    private int ipv6Offset = -1;
    private int l4Offset = -1;
    private byte l4Protocol;

    public static PacketBuilder Ethernet(ushort etherType)
    {
        var builder = new PacketBuilder();
        builder.bytes.AddRange(DestinationMac);
        builder.bytes.AddRange(SourceMac);
        builder.Add16(etherType);
        return builder;
    }

    public PacketBuilder Vlan(ushort id, ushort innerEtherType)
    {
        Add16(id);
        Add16(innerEtherType);
        return this;
    }

    public PacketBuilder IPv4(byte protocol, uint source = 0x0A000001, uint destination = 0x0A000002, byte tos = 0, byte[]? options = null)
    {
        ipv4Offset = bytes.Count;
        int headerLength = 20 + (options?.Length ?? 0);
        bytes.Add((byte)(0x40 | (headerLength / 4)));
        bytes.Add(tos);
        Add16(0);
        Add16(0x1234);
        Add16(0x4000);
        bytes.Add(64);
        bytes.Add(protocol);
        Add16(0);
        Add32(source);
        Add32(destination);
        bytes.AddRange(options ?? []);
        l4Protocol = protocol;
        return this;
    }

    public PacketBuilder IPv6(byte nextHeader, byte trafficClass = 0)
    {
        ipv6Offset = bytes.Count;
        Add32((uint)(6 << 28 | trafficClass << 20 | 0x12345));
        Add16(0);
        bytes.Add(nextHeader);
        bytes.Add(64);
        bytes.AddRange(Enumerable.Range(0, 16).Select(i => (byte)(0x20 + i)));
        bytes.AddRange(Enumerable.Range(0, 16).Select(i => (byte)(0x40 + i)));
        l4Protocol = nextHeader;
        return this;
    }

    /// <summary>An IPv6 extension header of 8 × (<paramref name="lengthUnits"/> + 1) bytes.</summary>
    public PacketBuilder IPv6Extension(byte nextHeader, byte lengthUnits = 0)
    {
        bytes.Add(nextHeader);
        bytes.Add(lengthUnits);
        bytes.AddRange(new byte[6 + lengthUnits * 8]);
        l4Protocol = nextHeader;
        return this;
    }

    public PacketBuilder Udp(ushort sourcePort, ushort destinationPort, int payloadLength = 8)
    {
        l4Offset = bytes.Count;
        Add16(sourcePort);
        Add16(destinationPort);
        Add16((ushort)(8 + payloadLength));
        Add16(0);
        bytes.AddRange(Enumerable.Range(0, payloadLength).Select(i => (byte)i));
        return this;
    }

    public PacketBuilder Tcp(ushort sourcePort, ushort destinationPort, byte flags, byte[]? options = null, int payloadLength = 0)
    {
        l4Offset = bytes.Count;
        Add16(sourcePort);
        Add16(destinationPort);
        Add32(1000);
        Add32(0);
        bytes.Add((byte)((20 + (options?.Length ?? 0)) / 4 << 4));
        bytes.Add(flags);
        Add16(65535);
        Add16(0);
        Add16(0);
        bytes.AddRange(options ?? []);
        bytes.AddRange(Enumerable.Range(0, payloadLength).Select(i => (byte)i));
        return this;
    }

    public PacketBuilder IcmpEcho(byte type, ushort id = 7, ushort sequence = 1, int payloadLength = 16)
    {
        l4Offset = bytes.Count;
        bytes.Add(type);
        bytes.Add(0);
        Add16(0);
        Add16(id);
        Add16(sequence);
        bytes.AddRange(Enumerable.Range(0, payloadLength).Select(i => (byte)(0x61 + i % 26)));
        return this;
    }

    public PacketBuilder Raw(params byte[] data)
    {
        bytes.AddRange(data);
        return this;
    }

    /// <summary>The frame with lengths and checksums filled in.</summary>
    public byte[] Build()
    {
        var frame = bytes.ToArray();
        if (ipv4Offset >= 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(ipv4Offset + 2), (ushort)(frame.Length - ipv4Offset));
            int headerLength = (frame[ipv4Offset] & 0x0F) * 4;
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(ipv4Offset + 10), InternetChecksum.Compute(frame.AsSpan(ipv4Offset, headerLength)));
        }

        if (ipv6Offset >= 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(ipv6Offset + 4), (ushort)(frame.Length - ipv6Offset - 40));
        }

        if (l4Offset >= 0)
        {
            int checksumAt = l4Protocol switch { 6 => 16, 17 => 6, _ => 2 };
            var segment = frame.AsSpan(l4Offset);
            ushort sum = l4Protocol == 1
                ? InternetChecksum.Compute(segment)
                : InternetChecksum.Compute(segment, PseudoHeader(frame, segment.Length));
            BinaryPrimitives.WriteUInt16BigEndian(segment[checksumAt..], sum);
        }

        return frame;
    }

    private byte[] PseudoHeader(byte[] frame, int length)
    {
        var header = new List<byte>();
        if (ipv4Offset >= 0)
        {
            header.AddRange(frame.AsSpan(ipv4Offset + 12, 8).ToArray());
            header.Add(0);
            header.Add(l4Protocol);
            header.Add((byte)(length >> 8));
            header.Add((byte)length);
        }
        else
        {
            header.AddRange(frame.AsSpan(ipv6Offset + 8, 32).ToArray());
            header.AddRange([(byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length, 0, 0, 0, l4Protocol]);
        }

        return [.. header];
    }

    private void Add16(ushort value)
    {
        bytes.Add((byte)(value >> 8));
        bytes.Add((byte)value);
    }

    private void Add32(uint value)
    {
        Add16((ushort)(value >> 16));
        Add16((ushort)value);
    }
}
