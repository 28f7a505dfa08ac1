using System.Buffers.Binary;
using TraitsBpf.Testing.Packets;

namespace TraitsBpf.Differential.Tests.Packets;

/// <summary>
/// Frames that lie: IPv4 header lengths below 20 or beyond the frame, versions other than the
/// EtherType says, total and payload lengths that disagree with the frame, extension headers
/// that run off the end, TCP data offsets and option lengths that cannot be, VLAN tags announced
/// but absent, and checksums at the edges of one's-complement arithmetic. The damage is done
/// after the checksums are computed, so a lie is not repaired.
/// </summary>
public sealed class MalformedFrames(Random random)
{
    private const int Ip = 14;
    private readonly RandomFrames frames = new(random);

    /// <summary>Every kind of damage, each on several frames.</summary>
    public IEnumerable<LabeledPacket> All() =>
        IPv4HeaderLengths().Concat(IPv4Versions()).Concat(IPv4TotalLengths()).Concat(IPv6Lies())
            .Concat(TcpLies()).Concat(UdpLies()).Concat(VlanLies()).Concat(WrongFamilies()).Concat(ChecksumEdges());

    private IEnumerable<LabeledPacket> IPv4HeaderLengths()
    {
        for (int ihl = 0; ihl < 16; ihl++)
        {
            foreach (var (name, frame) in IPv4Bases())
            {
                var bytes = (byte[])frame.Bytes.Clone();
                bytes[Ip] = (byte)(0x40 | ihl);
                yield return new LabeledPacket($"malformed: IPv4 IHL {ihl}, {name} ({frame.Description})", bytes);
            }
        }
    }

    private IEnumerable<LabeledPacket> IPv4Versions()
    {
        foreach (int version in new[] { 0, 1, 5, 6, 7, 15 })
        {
            foreach (var (name, frame) in IPv4Bases())
            {
                var bytes = (byte[])frame.Bytes.Clone();
                bytes[Ip] = (byte)(version << 4 | bytes[Ip] & 0x0F);
                yield return new LabeledPacket($"malformed: IPv4 version {version}, {name} ({frame.Description})", bytes);
            }
        }
    }

    private IEnumerable<LabeledPacket> IPv4TotalLengths()
    {
        foreach (var (name, frame) in IPv4Bases())
        {
            int actual = frame.Bytes.Length - Ip;
            int header = (frame.Bytes[Ip] & 0x0F) * 4;
            foreach (int length in new[] { 0, 1, 19, header - 1, header, header + 1, actual - 1, actual + 1, actual + 100, 0xFFFF })
            {
                var bytes = (byte[])frame.Bytes.Clone();
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(Ip + 2), (ushort)length);
                yield return new LabeledPacket($"malformed: IPv4 total length {length} of {actual}, {name} ({frame.Description})", bytes);
            }
        }
    }

    private IEnumerable<LabeledPacket> IPv6Lies()
    {
        for (int n = 0; n < 8; n++)
        {
            var frame = frames.IPv6(FrameBuilder.Ethernet(EtherType.IPv6), extensionHeaders: n % 3).Build();
            foreach (ushort length in new ushort[] { 0, 1, 0xFFFF })
            {
                var bytes = (byte[])frame.Bytes.Clone();
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(Ip + 4), length);
                yield return new LabeledPacket($"malformed: IPv6 payload length {length} ({frame.Description})", bytes);
            }

            var version = (byte[])frame.Bytes.Clone();
            version[Ip] = (byte)(random.Next(2) == 0 ? 0x45 : 0x05);
            yield return new LabeledPacket($"malformed: IPv6 version nibble {version[Ip] >> 4} ({frame.Description})", version);
        }

        // Extension headers whose length runs past the frame, chains longer than the samples walk, and a loop.
        foreach (byte units in new byte[] { 1, 5, 255 })
        {
            var frame = FrameBuilder.Ethernet(EtherType.IPv6).IPv6(IpProtocol.IPv6Routing, frames.Bytes(16), frames.Bytes(16))
                .IPv6Extension(IpProtocol.Udp, 0).Udp(5060, 9999, frames.Bytes(8)).Build();
            var bytes = (byte[])frame.Bytes.Clone();
            bytes[Ip + 40 + 1] = units;
            yield return new LabeledPacket($"malformed: IPv6 extension header claiming {units} units ({frame.Description})", bytes);
        }

        for (int chain = 3; chain <= 7; chain++)
        {
            var builder = FrameBuilder.Ethernet(EtherType.IPv6).IPv6(IpProtocol.IPv6DestinationOptions, frames.Bytes(16), frames.Bytes(16));
            for (int i = 1; i < chain; i++)
            {
                builder.IPv6Extension(IpProtocol.IPv6DestinationOptions, 0);
            }

            var frame = builder.IPv6Extension(IpProtocol.Udp, 0).Udp(1, 9999, frames.Bytes(4)).Build();
            yield return new LabeledPacket($"malformed: IPv6 chain of {chain + 1} extension headers ({frame.Description})", frame.Bytes);
        }
    }

    private IEnumerable<LabeledPacket> TcpLies()
    {
        for (int n = 0; n < 6; n++)
        {
            int optionBytes = 4 * random.Next(0, 3);
            var frame = frames.IPv4(FrameBuilder.Ethernet(EtherType.IPv4), IpProtocol.Tcp, optionBytes).Build();
            int tcp = Ip + 20 + optionBytes;
            if (frame.Bytes.Length < tcp + 20)
            {
                continue;
            }

            foreach (int dataOffset in new[] { 0, 1, 4, 5, 6, 10, 15 })
            {
                var bytes = (byte[])frame.Bytes.Clone();
                bytes[tcp + 12] = (byte)(dataOffset << 4);
                bytes[tcp + 13] |= 0x02;
                yield return new LabeledPacket($"malformed: TCP data offset {dataOffset}, SYN ({frame.Description})", bytes);
            }
        }

        // Option lists that cannot be walked: zero and one-byte lengths, an MSS of the wrong size,
        // an MSS cut by the end of the frame, and more NOPs than the walk takes steps.
        byte[][][] lists =
        [
            [[2, 0, 5, 0xB4]],
            [[2, 1, 5, 0xB4]],
            [[2, 3, 5, 0xB4]],
            [[2, 5, 5, 0xB4]],
            [[3, 0, 0, 0], TcpOptions.Mss(1460)],
            [[8, 40], TcpOptions.Mss(1460)],
            [[8, 255], TcpOptions.Mss(1460)],
            [.. Enumerable.Repeat(TcpOptions.Nop, 36), TcpOptions.Mss(1460)],
            [.. Enumerable.Repeat(TcpOptions.Nop, 39), [2]],
            [TcpOptions.Nop, TcpOptions.End, TcpOptions.Mss(1460)],
            [TcpOptions.WindowScale(7), TcpOptions.Mss(9000)],
        ];
        foreach (var options in lists)
        {
            var frame = FrameBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Tcp, 0x0A000001, 0x0A000002)
                .Tcp(40000, 443, 0x02, options, []).Build();
            yield return new LabeledPacket($"malformed: TCP options [{string.Join(' ', options.Select(Convert.ToHexString))}] ({frame.Description})", frame.Bytes);
        }

        // An MSS option as the last bytes of a frame whose data offset promises more.
        var cut = FrameBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Tcp, 0x0A000001, 0x0A000002)
            .Tcp(40000, 443, 0x02, [TcpOptions.Nop, TcpOptions.Nop, TcpOptions.Nop, TcpOptions.Nop, TcpOptions.Mss(1460)], []).Build();
        for (int end = cut.Bytes.Length - 4; end <= cut.Bytes.Length; end++)
        {
            var bytes = cut.Bytes[..end];
            yield return new LabeledPacket($"malformed: TCP MSS option cut at {end} ({cut.Description})", bytes);
        }
    }

    private IEnumerable<LabeledPacket> UdpLies()
    {
        for (int n = 0; n < 4; n++)
        {
            var frame = frames.IPv4(FrameBuilder.Ethernet(EtherType.IPv4), IpProtocol.Udp, 0).Build();
            foreach (ushort length in new ushort[] { 0, 7, 0xFFFF })
            {
                var bytes = (byte[])frame.Bytes.Clone();
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(Ip + 20 + 4), length);
                yield return new LabeledPacket($"malformed: UDP length {length} ({frame.Description})", bytes);
            }
        }
    }

    private IEnumerable<LabeledPacket> VlanLies()
    {
        foreach (ushort outer in new[] { EtherType.Vlan, EtherType.QinQ })
        {
            var announced = FrameBuilder.Ethernet(outer).Build();
            yield return new LabeledPacket($"malformed: VLAN {outer:X4} announced, nothing after", announced.Bytes);
            var half = FrameBuilder.Ethernet(outer).Payload([0x00, 0x64]).Build();
            yield return new LabeledPacket($"malformed: VLAN {outer:X4} with half a tag", half.Bytes);
            var innerAbsent = FrameBuilder.Ethernet(outer).Vlan(100, EtherType.Vlan).Build();
            yield return new LabeledPacket($"malformed: second VLAN tag announced, absent ({innerAbsent.Description})", innerAbsent.Bytes);
            var three = FrameBuilder.Ethernet(outer).Vlan(1, EtherType.Vlan).Vlan(2, EtherType.Vlan).Vlan(3, EtherType.IPv4);
            var deep = frames.IPv4(three, IpProtocol.Udp).Build();
            yield return new LabeledPacket($"malformed: three VLAN tags ({deep.Description})", deep.Bytes);
        }
    }

    private IEnumerable<LabeledPacket> WrongFamilies()
    {
        for (int n = 0; n < 4; n++)
        {
            var six = frames.IPv6(FrameBuilder.Ethernet(EtherType.IPv4), 0).Build();
            yield return new LabeledPacket($"malformed: IPv6 behind the IPv4 EtherType ({six.Description})", six.Bytes);
            var four = frames.IPv4(FrameBuilder.Ethernet(EtherType.IPv6)).Build();
            yield return new LabeledPacket($"malformed: IPv4 behind the IPv6 EtherType ({four.Description})", four.Bytes);
        }
    }

    // Incremental checksum updates must agree at the edges of one's-complement arithmetic.
    private IEnumerable<LabeledPacket> ChecksumEdges()
    {
        ushort[] checksums = [0x0000, 0x0001, 0x7FFF, 0x8000, 0xFFFE, 0xFFFF];
        foreach (ushort checksum in checksums.SelectMany(c => Enumerable.Repeat(c, 3)))
        {
            var echo = FrameBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Icmp, 0x0A000001, 0x0A000002).Icmp(8, 0, 7, 1, frames.Bytes(16)).Build();
            yield return Patched($"checksum edge: ICMP checksum {checksum:X4}", echo, Ip + 20 + 2, checksum);

            var voice = FrameBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Udp, 0x0A000001, 0x0A000002, tos: (byte)random.Next(256)).Udp(5060, 5070, frames.Bytes(8)).Build();
            yield return Patched($"checksum edge: IPv4 header checksum {checksum:X4}", voice, Ip + 10, checksum);

            var syn = FrameBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Tcp, 0x0A000001, 0x0A000002).Tcp(40000, 443, 0x02, [TcpOptions.Mss(1460)], []).Build();
            yield return Patched($"checksum edge: TCP checksum {checksum:X4}", syn, Ip + 20 + 16, checksum);
        }
    }

    private static LabeledPacket Patched(string label, Frame frame, int offset, ushort value)
    {
        var bytes = (byte[])frame.Bytes.Clone();
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(offset), value);
        return new LabeledPacket($"{label} ({frame.Description})", bytes);
    }

    // Untagged IPv4 frames of each transport the samples look at, so byte 14 is the IPv4 header.
    private IEnumerable<(string Name, Frame Frame)> IPv4Bases()
    {
        yield return ("UDP to the blocked port", FrameBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Udp, 0x0A000001, 0x0A000002).Udp(1234, 9999, frames.Bytes(12)).Build());
        yield return ("UDP voice", FrameBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Udp, 0x0A000001, 0x0A000002, options: [1, 1, 1, 1]).Udp(5060, 5062, frames.Bytes(4)).Build());
        yield return ("TCP SYN with MSS", FrameBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Tcp, 0x0A000003, 0x0A000002).Tcp(40000, 80, 0x02, [TcpOptions.Mss(1460), TcpOptions.Nop, TcpOptions.WindowScale(7)], []).Build());
        yield return ("ICMP echo", FrameBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Icmp, 0x0A000001, 0x0A000002).Icmp(8, 0, 9, 3, frames.Bytes(32)).Build());
    }
}
