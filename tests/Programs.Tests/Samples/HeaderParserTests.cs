using TraitsBpf.Programs.Tests.Packets;
using TraitsBpf.Samples;

namespace TraitsBpf.Programs.Tests.Samples;

public sealed class HeaderParserTests(SamplesFixture fixture) : IClassFixture<SamplesFixture>
{
    private SampleRun Run(byte[] packet) => SampleRunner.Xdp(fixture.Programs, "hdr_parser", HeaderParser.Run, packet);

    private void AssertSummary(byte[] packet, byte l3, byte l4, byte protocol, byte vlans)
    {
        var run = Run(packet);
        Assert.Equal((uint)XdpAction.Pass, run.Action);
        Assert.Equal(new byte[] { l3, l4, protocol, vlans }, run.Output[..HeaderParser.SummarySize]);
        Assert.Equal(packet, run.Output[HeaderParser.SummarySize..]);
    }

    [Fact]
    public void SummarizesIPv4() =>
        AssertSummary(PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Udp).Udp(1, 2).Build(), 14, 34, IpProtocol.Udp, 0);

    [Fact]
    public void SummarizesIPv4WithOptionsBehindTwoVlanTags() =>
        AssertSummary(
            PacketBuilder.Ethernet(EtherType.QinQ).Vlan(100, EtherType.Vlan).Vlan(200, EtherType.IPv4)
                .IPv4(IpProtocol.Tcp, options: [1, 1, 1, 1]).Tcp(1, 2, 0x10).Build(),
            22, 46, IpProtocol.Tcp, 2);

    [Fact]
    public void SummarizesIPv6PastExtensionHeaders() =>
        AssertSummary(
            PacketBuilder.Ethernet(EtherType.IPv6).IPv6(IpProtocol.IPv6HopByHop)
                .IPv6Extension(IpProtocol.IPv6DestinationOptions).IPv6Extension(IpProtocol.Udp, 1).Udp(1, 2).Build(),
            14, 14 + 40 + 8 + 16, IpProtocol.Udp, 0);

    [Fact]
    public void DropsMalformedIp()
    {
        var good = PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Udp).Udp(1, 2).Build();
        var shortIhl = (byte[])good.Clone();
        shortIhl[14] = 0x44;
        var badVersion = (byte[])good.Clone();
        badVersion[14] = 0x65;
        var tooLong = (byte[])good.Clone();
        tooLong[16] = 0x05;
        byte[][] packets =
        [
            shortIhl,
            badVersion,
            tooLong,
            good[..30],
            PacketBuilder.Ethernet(EtherType.IPv6).IPv6(IpProtocol.Udp).Build()[..40],
            PacketBuilder.Ethernet(EtherType.IPv6).IPv6(IpProtocol.IPv6Routing).Raw(0x11, 0x05).Build(),
            PacketBuilder.Ethernet(EtherType.Vlan).Raw(0x00).Build(),
        ];
        foreach (var packet in packets)
        {
            Assert.Equal((uint)XdpAction.Drop, Run(packet).Action);
        }
    }

    [Fact]
    public void PassesNonIpWithoutASummary()
    {
        var arp = PacketBuilder.Ethernet(EtherType.Arp).Raw(new byte[28]).Build();
        var run = Run(arp);
        Assert.Equal((uint)XdpAction.Pass, run.Action);
        Assert.Equal(arp, run.Output);
    }
}
