using System.Buffers.Binary;

namespace TraitsBpf.Testing.Packets;

/// <summary>
/// Builds Ethernet frames layer by layer. <see cref="Build"/> fills in the IPv4 total length and
/// header checksum, the IPv6 payload length, the UDP length and the UDP, TCP and ICMP checksums,
/// so a frame is valid unless the caller damages it afterwards.
/// </summary>
public sealed class FrameBuilder
{
    private readonly List<byte> bytes = [];
    private readonly SortedSet<int> boundaries = [0];
    private readonly List<string> layers = [];
    private int ipv4Offset = -1;
    private int ipv6Offset = -1;
    private int l4Offset = -1;
    private byte l4Protocol;

    private FrameBuilder()
    {
    }

    /// <summary>An Ethernet header with locally administered addresses.</summary>
    public static FrameBuilder Ethernet(ushort etherType) =>
        Ethernet(etherType, [0x02, 0, 0, 0, 0, 0x02], [0x02, 0, 0, 0, 0, 0x01]);

    /// <summary>An Ethernet header.</summary>
    public static FrameBuilder Ethernet(ushort etherType, ReadOnlySpan<byte> destination, ReadOnlySpan<byte> source)
    {
        var builder = new FrameBuilder();
        builder.bytes.AddRange(destination[..6]);
        builder.bytes.AddRange(source[..6]);
        builder.Add16(etherType);
        builder.EndLayer($"eth({etherType:X4})");
        return builder;
    }

    /// <summary>An 802.1Q or 802.1ad tag: the TCI and the EtherType of what follows.</summary>
    public FrameBuilder Vlan(ushort tci, ushort innerEtherType)
    {
        Add16(tci);
        Add16(innerEtherType);
        return EndLayer($"vlan({tci & 0xFFF})");
    }

    /// <summary>An IPv4 header; <paramref name="options"/> must be a multiple of 4 bytes long.</summary>
    public FrameBuilder IPv4(byte protocol, uint source, uint destination, byte tos = 0, byte ttl = 64, ReadOnlySpan<byte> options = default)
    {
        if (options.Length % 4 != 0 || options.Length > 40)
        {
            throw new ArgumentException($"IPv4 options must be a multiple of 4 bytes, at most 40; got {options.Length}.", nameof(options));
        }

        ipv4Offset = bytes.Count;
        int headerLength = 20 + options.Length;
        bytes.Add((byte)(0x40 | headerLength / 4));
        bytes.Add(tos);
        Add16(0);
        Add16(0x1234);
        Add16(0x4000);
        bytes.Add(ttl);
        bytes.Add(protocol);
        Add16(0);
        Add32(source);
        Add32(destination);
        boundaries.Add(bytes.Count);
        bytes.AddRange(options);
        l4Protocol = protocol;
        return EndLayer(options.IsEmpty ? $"ipv4(p{protocol})" : $"ipv4(p{protocol},opt{options.Length})");
    }

    /// <summary>An IPv6 fixed header.</summary>
    public FrameBuilder IPv6(byte nextHeader, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, byte trafficClass = 0, uint flowLabel = 0x12345)
    {
        ipv6Offset = bytes.Count;
        Add32(6u << 28 | (uint)trafficClass << 20 | flowLabel & 0xFFFFF);
        Add16(0);
        bytes.Add(nextHeader);
        bytes.Add(64);
        bytes.AddRange(source[..16]);
        bytes.AddRange(destination[..16]);
        l4Protocol = nextHeader;
        return EndLayer($"ipv6(nh{nextHeader})");
    }

    /// <summary>An IPv6 extension header of 8 × (<paramref name="lengthUnits"/> + 1) bytes, its body filled with <paramref name="fill"/>.</summary>
    public FrameBuilder IPv6Extension(byte nextHeader, byte lengthUnits, byte fill = 0)
    {
        bytes.Add(nextHeader);
        bytes.Add(lengthUnits);
        bytes.AddRange(Enumerable.Repeat(fill, 6 + lengthUnits * 8));
        l4Protocol = nextHeader;
        return EndLayer($"ext(nh{nextHeader},len{lengthUnits})");
    }

    /// <summary>A UDP header and payload.</summary>
    public FrameBuilder Udp(ushort sourcePort, ushort destinationPort, ReadOnlySpan<byte> payload)
    {
        l4Offset = bytes.Count;
        l4Protocol = IpProtocol.Udp;
        Add16(sourcePort);
        Add16(destinationPort);
        Add16(0);
        Add16(0);
        EndLayer($"udp({sourcePort}>{destinationPort})");
        return Payload(payload);
    }

    /// <summary>
    /// A TCP header with <paramref name="options"/> (padded with end-of-list bytes to a multiple
    /// of 4; at most 40) and payload. Each option's start is a boundary.
    /// </summary>
    public FrameBuilder Tcp(ushort sourcePort, ushort destinationPort, byte flags, IReadOnlyList<byte[]> options, ReadOnlySpan<byte> payload)
    {
        l4Offset = bytes.Count;
        l4Protocol = IpProtocol.Tcp;
        int optionBytes = options.Sum(o => o.Length);
        int padded = (optionBytes + 3) / 4 * 4;
        if (padded > 40)
        {
            throw new ArgumentException($"TCP options take at most 40 bytes; got {optionBytes}.", nameof(options));
        }

        Add16(sourcePort);
        Add16(destinationPort);
        Add32(1000);
        Add32(0);
        bytes.Add((byte)((20 + padded) / 4 << 4));
        bytes.Add(flags);
        Add16(65535);
        Add16(0);
        Add16(0);
        foreach (var option in options)
        {
            boundaries.Add(bytes.Count);
            bytes.AddRange(option);
        }

        bytes.AddRange(new byte[padded - optionBytes]);
        EndLayer($"tcp({sourcePort}>{destinationPort},f{flags:X2},opt{padded})");
        return Payload(payload);
    }

    /// <summary>An ICMP header (echo layout: identifier and sequence) and payload; ICMPv6 after a next header of 58.</summary>
    public FrameBuilder Icmp(byte type, byte code, ushort id, ushort sequence, ReadOnlySpan<byte> payload)
    {
        l4Offset = bytes.Count;
        // ICMPv6 sums a pseudo-header as TCP and UDP do; ICMP over IPv4 sums none.
        l4Protocol = l4Protocol == IpProtocol.IcmpV6 ? IpProtocol.IcmpV6 : IpProtocol.Icmp;
        bytes.Add(type);
        bytes.Add(code);
        Add16(0);
        Add16(id);
        Add16(sequence);
        EndLayer($"icmp({type}/{code})");
        return Payload(payload);
    }

    /// <summary>An ARP packet for IPv4 over Ethernet.</summary>
    public FrameBuilder Arp(ushort operation, uint senderAddress, uint targetAddress)
    {
        Add16(1);
        Add16(EtherType.IPv4);
        bytes.Add(6);
        bytes.Add(4);
        Add16(operation);
        bytes.AddRange([0x02, 0, 0, 0, 0, 0x01]);
        Add32(senderAddress);
        bytes.AddRange(new byte[6]);
        Add32(targetAddress);
        return EndLayer($"arp({operation})");
    }

    /// <summary>Raw bytes after the headers so far.</summary>
    public FrameBuilder Payload(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return this;
        }

        bytes.AddRange(payload);
        return EndLayer($"payload({payload.Length})");
    }

    /// <summary>The frame with lengths and checksums filled in.</summary>
    public Frame Build()
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
            var segment = frame.AsSpan(l4Offset);
            if (l4Protocol == IpProtocol.Udp)
            {
                BinaryPrimitives.WriteUInt16BigEndian(segment[4..], (ushort)segment.Length);
            }

            int checksumAt = l4Protocol switch { IpProtocol.Tcp => 16, IpProtocol.Udp => 6, _ => 2 };
            ushort sum = l4Protocol == IpProtocol.Icmp
                ? InternetChecksum.Compute(segment)
                : InternetChecksum.Compute(segment, PseudoHeader(frame, segment.Length));
            BinaryPrimitives.WriteUInt16BigEndian(segment[checksumAt..], sum);
        }

        return new Frame(frame, [.. boundaries], string.Join('/', layers));
    }

    private byte[] PseudoHeader(byte[] frame, int length)
    {
        if (ipv4Offset >= 0)
        {
            return [.. frame.AsSpan(ipv4Offset + 12, 8), 0, l4Protocol, (byte)(length >> 8), (byte)length];
        }

        if (ipv6Offset >= 0)
        {
            return [.. frame.AsSpan(ipv6Offset + 8, 32), (byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length, 0, 0, 0, l4Protocol];
        }

        return [];
    }

    private FrameBuilder EndLayer(string description)
    {
        boundaries.Add(bytes.Count);
        layers.Add(description);
        return this;
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
