using TraitsBpf.Testing.Packets;

namespace TraitsBpf.Differential.Tests.Packets;

/// <summary>
/// The packets every sample runs over, the same on every run (fixed seeds): valid frames of every
/// protocol, frames cut at every header and option boundary (and at every length for a few rich
/// ones), malformed frames, valid frames with a few bytes changed, and random bytes with and
/// without a plausible header in front. Every packet holds at least an Ethernet header, because
/// BPF_PROG_TEST_RUN refuses shorter ones.
/// </summary>
public static class PacketCorpus
{
    /// <summary>The shortest packet the kernel's test run accepts (ETH_HLEN).</summary>
    public const int MinimumLength = 14;

    private const int Seed = 0x7A17B9F;

    private static readonly Lazy<IReadOnlyList<LabeledPacket>> StandardCorpus = new(() => Generate(Seed));

    /// <summary>The standard corpus.</summary>
    public static IReadOnlyList<LabeledPacket> Standard => StandardCorpus.Value;

    /// <summary>A corpus drawn from <paramref name="seed"/>.</summary>
    public static IReadOnlyList<LabeledPacket> Generate(int seed)
    {
        var random = new Random(seed);
        var frames = new RandomFrames(random);
        var valid = Enumerable.Range(0, 1500).Select(_ => frames.Next()).ToList();
        var packets = new List<LabeledPacket>();
        packets.AddRange(valid.Select((f, i) => new LabeledPacket($"valid #{i}: {f.Description}", f.Bytes)));
        packets.AddRange(Truncations(valid.Take(100).Concat(RichFrames(frames))));
        packets.AddRange(RichFrames(frames).SelectMany(EveryLength));
        packets.AddRange(new MalformedFrames(random).All());
        packets.AddRange(Fuzzed(random, valid));
        packets.AddRange(RandomBytes(random, frames));
        return packets.Where(p => p.Bytes.Length >= MinimumLength).ToList();
    }

    /// <summary>A frame of each deep protocol stack, for cutting at every length.</summary>
    private static IEnumerable<Frame> RichFrames(RandomFrames frames)
    {
        yield return frames.IPv4(FrameBuilder.Ethernet(EtherType.QinQ).Vlan(100, EtherType.Vlan).Vlan(200, EtherType.IPv4), IpProtocol.Tcp, 8).Build();
        yield return FrameBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Tcp, 0x0A000001, 0x0A000002, options: [1, 1, 1, 1])
            .Tcp(40000, 443, 0x02, [TcpOptions.Nop, TcpOptions.WindowScale(7), TcpOptions.SackPermitted, TcpOptions.Timestamps(1, 0), TcpOptions.Mss(1460)], []).Build();
        yield return FrameBuilder.Ethernet(EtherType.IPv6).IPv6(IpProtocol.IPv6HopByHop, frames.Bytes(16), frames.Bytes(16))
            .IPv6Extension(IpProtocol.IPv6Routing, 1).IPv6Extension(IpProtocol.IPv6Fragment, 0).IPv6Extension(IpProtocol.Udp, 0)
            .Udp(5060, 9999, frames.Bytes(4)).Build();
        yield return FrameBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Icmp, 0x0A000001, 0x0A000002).Icmp(8, 0, 1, 1, frames.Bytes(8)).Build();
        yield return FrameBuilder.Ethernet(EtherType.Vlan).Vlan(7, EtherType.IPv6).IPv6(IpProtocol.Udp, frames.Bytes(16), frames.Bytes(16), trafficClass: 0xFF)
            .Udp(5070, 5071, frames.Bytes(4)).Build();
    }

    /// <summary>Each frame cut one byte before, at and one byte after each of its boundaries.</summary>
    private static IEnumerable<LabeledPacket> Truncations(IEnumerable<Frame> frames) =>
        from frame in frames
        from length in frame.Boundaries.SelectMany(b => new[] { b - 1, b, b + 1 }).Distinct()
        where length >= MinimumLength && length < frame.Bytes.Length
        select new LabeledPacket($"truncated to {length} of {frame.Bytes.Length}: {frame.Description}", frame.Bytes[..length]);

    private static IEnumerable<LabeledPacket> EveryLength(Frame frame) =>
        from length in Enumerable.Range(MinimumLength, frame.Bytes.Length - MinimumLength)
        select new LabeledPacket($"cut to {length} of {frame.Bytes.Length}: {frame.Description}", frame.Bytes[..length]);

    private static IEnumerable<LabeledPacket> Fuzzed(Random random, IReadOnlyList<Frame> valid)
    {
        for (int n = 0; n < 1000; n++)
        {
            var frame = valid[random.Next(valid.Count)];
            var bytes = (byte[])frame.Bytes.Clone();
            int changes = random.Next(1, 5);
            for (int i = 0; i < changes; i++)
            {
                // Mostly in the headers, where the programs look.
                int at = random.Next(Math.Min(bytes.Length, random.Next(2) == 0 ? 64 : bytes.Length));
                bytes[at] = (byte)random.Next(256);
            }

            yield return new LabeledPacket($"fuzzed #{n} ({changes} bytes): {frame.Description}", bytes);
        }
    }

    private static IEnumerable<LabeledPacket> RandomBytes(Random random, RandomFrames frames)
    {
        for (int n = 0; n < 500; n++)
        {
            yield return new LabeledPacket($"random #{n}", frames.Bytes(random.Next(MinimumLength, 129)));
        }

        ushort[] types = [EtherType.IPv4, EtherType.IPv6, EtherType.Vlan, EtherType.QinQ, EtherType.Arp];
        for (int n = 0; n < 500; n++)
        {
            ushort type = types[n % types.Length];
            byte[] header = FrameBuilder.Ethernet(type).Build().Bytes;
            byte[] rest = frames.Bytes(random.Next(0, 100));
            if (type == EtherType.IPv4 && rest.Length > 0 && n % 2 == 0)
            {
                rest[0] = 0x45;
            }

            yield return new LabeledPacket($"random after an Ethernet header ({type:X4}) #{n}", [.. header, .. rest]);
        }
    }
}
