using System.Buffers.Binary;
using TraitsBpf.Differential.Tests.Packets;
using TraitsBpf.Testing.Packets;

namespace TraitsBpf.Differential.Tests;

/// <summary>The corpus is big, varied and the same on every run, and its valid frames are valid.</summary>
public sealed class CorpusTests
{
    private static IReadOnlyList<LabeledPacket> Corpus => PacketCorpus.Standard;

    [Fact]
    public void TheCorpusHoldsOverAThousandPacketsOfEveryKind()
    {
        Assert.True(Corpus.Count >= 1000, $"{Corpus.Count} packets");
        foreach (var kind in new[] { "valid", "truncated", "cut", "malformed", "checksum edge", "fuzzed", "random" })
        {
            int count = Corpus.Count(p => p.Label.StartsWith(kind, StringComparison.Ordinal));
            Assert.True(count >= 30, $"only {count} {kind} packets");
        }

        Assert.All(Corpus, p => Assert.InRange(p.Bytes.Length, PacketCorpus.MinimumLength, 1514));
    }

    [Fact]
    public void TheValidFramesCoverEveryProtocolTheSamplesParse()
    {
        var valid = Corpus.Where(p => p.Label.StartsWith("valid", StringComparison.Ordinal)).Select(p => p.Label).ToList();
        string[] layers = ["vlan(", "ipv4(", ",opt", "ipv6(", "ext(", "udp(", "tcp(", "icmp(8/0)", "arp("];
        foreach (var layer in layers)
        {
            Assert.True(valid.Count(label => label.Contains(layer, StringComparison.Ordinal)) >= 10, $"few valid frames with {layer}");
        }

        Assert.Contains(valid, label => label.Contains("/vlan(", StringComparison.Ordinal) && label.Split("/vlan(").Length == 3);
        Assert.Contains(valid, label => label.Split("/ext(").Length >= 4);
        Assert.Contains(valid, label => label.Contains("tcp(", StringComparison.Ordinal) && !label.Contains(",opt0)", StringComparison.Ordinal));
    }

    [Fact]
    public void TheCorpusIsTheSameOnEveryRun()
    {
        var again = PacketCorpus.Generate(0x7A17B9F);
        Assert.Equal(Corpus.Select(p => p.Label), again.Select(p => p.Label));
        Assert.Equal(Corpus.Select(p => Convert.ToHexString(p.Bytes)), again.Select(p => Convert.ToHexString(p.Bytes)));
        Assert.NotEqual(Corpus.Select(p => Convert.ToHexString(p.Bytes)), PacketCorpus.Generate(1).Select(p => Convert.ToHexString(p.Bytes)));
    }

    [Fact]
    public void BuiltFramesCarryTheirLengthsAndChecksums()
    {
        var tcp = FrameBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Tcp, 0x0A000001, 0x0A000002, options: [1, 1, 1, 1])
            .Tcp(40000, 443, 0x02, [TcpOptions.Mss(1460)], [1, 2, 3]).Build().Bytes;
        Assert.Equal(tcp.Length - 14, BinaryPrimitives.ReadUInt16BigEndian(tcp.AsSpan(16)));
        Assert.Equal(0, InternetChecksum.Compute(tcp.AsSpan(14, 24)));
        byte[] pseudo = [.. tcp.AsSpan(26, 8), 0, IpProtocol.Tcp, 0, (byte)(tcp.Length - 38)];
        Assert.Equal(0, InternetChecksum.Compute(tcp.AsSpan(38), pseudo));
        Assert.Equal(0x60, tcp[38 + 12]);

        var udp6 = FrameBuilder.Ethernet(EtherType.IPv6).IPv6(IpProtocol.IPv6HopByHop, new byte[16], new byte[16])
            .IPv6Extension(IpProtocol.Udp, 1).Udp(5060, 9999, [9, 9]).Build().Bytes;
        Assert.Equal(udp6.Length - 54, BinaryPrimitives.ReadUInt16BigEndian(udp6.AsSpan(18)));
        Assert.Equal(10, BinaryPrimitives.ReadUInt16BigEndian(udp6.AsSpan(54 + 16 + 4)));

        var echo = FrameBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Icmp, 1, 2).Icmp(8, 0, 7, 1, [0x61, 0x62]).Build().Bytes;
        Assert.Equal(0, InternetChecksum.Compute(echo.AsSpan(34)));
    }
}
