using TraitsBpf.Testing.Packets;

namespace TraitsBpf.Differential.Tests.Packets;

/// <summary>
/// Draws valid frames of every protocol the samples parse: Ethernet with zero to three VLAN
/// tags, IPv4 with and without options, IPv6 with chains of extension headers, UDP, TCP with
/// options, ICMP, ARP and unknown EtherTypes. Field values favour the ones the samples test
/// (the blocked port, the SIP/RTP range, MSS values around the clamp), and addresses come from a
/// small pool so stateful programs see flows repeat.
/// </summary>
public sealed class RandomFrames(Random random)
{
    private static readonly ushort[] Ports = [0, 1, 22, 23, 53, 80, 443, 5059, 5060, 5061, 5070, 5079, 5080, 5081, 9998, 9999, 10000, 65535];
    private static readonly ushort[] SegmentSizes = [0, 536, 1200, 1359, 1360, 1361, 1460, 8960, 65535];
    private static readonly byte[] TcpFlagSets = [0x02, 0x02, 0x12, 0x10, 0x18, 0x11, 0x04, 0x03, 0x06, 0x00, 0xFF];
    private static readonly byte[] ExtensionHeaders = [IpProtocol.IPv6HopByHop, IpProtocol.IPv6Routing, IpProtocol.IPv6Fragment, IpProtocol.IPv6DestinationOptions];
    private static readonly uint[] Addresses = [0x0A000001, 0x0A000002, 0x0A000003, 0xC0A80101, 0xC0A80102, 0x7F000001, 0xFFFFFFFF, 0x00000000];

    /// <summary>A random valid frame.</summary>
    public Frame Next()
    {
        ushort l3 = random.Next(20) switch
        {
            < 9 => EtherType.IPv4,
            < 15 => EtherType.IPv6,
            < 17 => EtherType.Arp,
            18 => 0x88CC,
            _ => (ushort)random.Next(0x0600, 0x10000),
        };
        FrameBuilder frame = Tags(l3);
        return l3 switch
        {
            EtherType.IPv4 => IPv4(frame).Build(),
            EtherType.IPv6 => IPv6(frame).Build(),
            EtherType.Arp => frame.Arp((ushort)random.Next(1, 3), Address(), Address()).Build(),
            _ => frame.Payload(Bytes(random.Next(0, 64))).Build(),
        };
    }

    /// <summary>An IPv4 frame carrying <paramref name="protocol"/>, otherwise random.</summary>
    public FrameBuilder IPv4(FrameBuilder frame, byte? protocol = null, int? optionBytes = null)
    {
        byte p = protocol ?? Protocol();
        int options = optionBytes ?? (random.Next(3) == 0 ? 4 * random.Next(1, 11) : 0);
        frame.IPv4(p, Address(), Address(), tos: (byte)random.Next(256), ttl: (byte)random.Next(1, 256), options: IPv4Options(options));
        return Transport(frame, p);
    }

    /// <summary>An IPv6 frame with zero to five extension headers, otherwise random.</summary>
    public FrameBuilder IPv6(FrameBuilder frame, int? extensionHeaders = null)
    {
        int extensions = extensionHeaders ?? random.Next(7) switch { < 3 => 0, 3 => 1, 4 => 2, 5 => random.Next(3, 5), _ => 5 };
        byte final = random.Next(8) == 0 ? IpProtocol.IcmpV6 : Protocol();
        var chain = Enumerable.Range(0, extensions).Select(_ => ExtensionHeaders[random.Next(ExtensionHeaders.Length)]).Append(final).ToArray();
        frame.IPv6(chain[0], Bytes(16), Bytes(16), trafficClass: (byte)random.Next(256), flowLabel: (uint)random.Next(1 << 20));
        for (int i = 1; i < chain.Length; i++)
        {
            frame.IPv6Extension(chain[i], (byte)random.Next(3), (byte)random.Next(256));
        }

        return Transport(frame, final);
    }

    /// <summary>A TCP SYN's options in a random order: MSS (usually), NOPs, window scale, SACK and timestamps.</summary>
    public IReadOnlyList<byte[]> SynOptions()
    {
        var options = new List<byte[]>();
        if (random.Next(6) != 0)
        {
            options.Add(TcpOptions.Mss(SegmentSizes[random.Next(SegmentSizes.Length)]));
        }

        byte[][] extras = [TcpOptions.Nop, TcpOptions.Nop, TcpOptions.WindowScale((byte)random.Next(15)), TcpOptions.SackPermitted, TcpOptions.Timestamps((uint)random.Next(), 0)];
        foreach (var extra in extras.OrderBy(_ => random.Next()).Take(random.Next(extras.Length + 1)))
        {
            options.Insert(random.Next(options.Count + 1), extra);
        }

        if (random.Next(4) == 0)
        {
            options.Add(TcpOptions.End);
        }

        return options;
    }

    /// <summary>Random bytes.</summary>
    public byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>An Ethernet header, sometimes behind one, two or three VLAN tags, ending in <paramref name="etherType"/>.</summary>
    public FrameBuilder Tags(ushort etherType)
    {
        int tags = random.Next(16) switch { < 9 => 0, < 12 => 1, < 15 => 2, _ => 3 };
        if (tags == 0)
        {
            return FrameBuilder.Ethernet(etherType);
        }

        FrameBuilder frame = FrameBuilder.Ethernet(random.Next(2) == 0 ? EtherType.QinQ : EtherType.Vlan);
        for (int i = 1; i < tags; i++)
        {
            frame.Vlan((ushort)random.Next(0x10000), EtherType.Vlan);
        }

        return frame.Vlan((ushort)random.Next(0x10000), etherType);
    }

    private FrameBuilder Transport(FrameBuilder frame, byte protocol)
    {
        int payload = random.Next(0, 48);
        return protocol switch
        {
            IpProtocol.Udp => frame.Udp(Port(), Port(), Bytes(payload)),
            IpProtocol.Tcp => Tcp(frame, payload),
            IpProtocol.Icmp => frame.Icmp(random.Next(3) == 0 ? (byte)random.Next(20) : (byte)8, random.Next(6) == 0 ? (byte)1 : (byte)0,
                (ushort)random.Next(0x10000), (ushort)random.Next(0x10000), Bytes(payload)),
            _ => frame.Payload(Bytes(payload)),
        };
    }

    private FrameBuilder Tcp(FrameBuilder frame, int payload)
    {
        byte flags = TcpFlagSets[random.Next(TcpFlagSets.Length)];
        IReadOnlyList<byte[]> options = (flags & 0x02) != 0 || random.Next(4) == 0 ? SynOptions() : [];
        return frame.Tcp(Port(), Port(), flags, options, Bytes(payload));
    }

    private byte Protocol() => random.Next(10) switch
    {
        < 4 => IpProtocol.Udp,
        < 8 => IpProtocol.Tcp,
        8 => IpProtocol.Icmp,
        _ => (byte)random.Next(256),
    };

    private ushort Port() => random.Next(3) == 0 ? (ushort)random.Next(0x10000) : Ports[random.Next(Ports.Length)];

    private uint Address() => random.Next(5) == 0 ? (uint)random.NextInt64(0x100000000) : Addresses[random.Next(Addresses.Length)];

    // Router alert and NOP options: their content does not matter to the samples, their length does.
    private byte[] IPv4Options(int length) =>
        [.. Enumerable.Range(0, length).Select(i => i % 4 == 0 && random.Next(2) == 0 ? (byte)0x94 : (byte)0x01)];
}
