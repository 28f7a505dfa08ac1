using TraitsBpf.Programs.Tests.Packets;
using TraitsBpf.Samples;

namespace TraitsBpf.Programs.Tests.Samples;

public sealed class PortFilterTests(SamplesFixture fixture) : IClassFixture<SamplesFixture>
{
    private SampleRun Run(byte[] packet) => SampleRunner.Xdp(fixture.Programs, "port_filter", PortFilter.Run, packet);

    [Fact]
    public void DropsUdpToTheBlockedPortOverIPv4() =>
        Assert.Equal((uint)XdpAction.Drop, Run(PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Udp).Udp(40000, PortFilter.BlockedPort).Build()).Action);

    [Fact]
    public void DropsUdpToTheBlockedPortBehindIPv4Options() =>
        Assert.Equal((uint)XdpAction.Drop, Run(PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Udp, options: [1, 1, 1, 0, 1, 1, 1, 0]).Udp(40000, PortFilter.BlockedPort).Build()).Action);

    [Fact]
    public void DropsUdpToTheBlockedPortOverIPv6() =>
        Assert.Equal((uint)XdpAction.Drop, Run(PacketBuilder.Ethernet(EtherType.IPv6).IPv6(IpProtocol.Udp).Udp(40000, PortFilter.BlockedPort).Build()).Action);

    [Fact]
    public void PassesOtherPortsAndProtocolsUnchanged()
    {
        byte[][] packets =
        [
            PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Udp).Udp(40000, 53).Build(),
            PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Tcp).Tcp(40000, PortFilter.BlockedPort, 0x02).Build(),
            PacketBuilder.Ethernet(EtherType.IPv6).IPv6(IpProtocol.Udp).Udp(PortFilter.BlockedPort, 443).Build(),
            PacketBuilder.Ethernet(EtherType.Arp).Raw(new byte[28]).Build(),
        ];
        foreach (var packet in packets)
        {
            var run = Run(packet);
            Assert.Equal((uint)XdpAction.Pass, run.Action);
            Assert.Equal(packet, run.Output);
        }
    }

    [Fact]
    public void PassesTruncatedAndMalformedPackets()
    {
        var full = PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Udp).Udp(40000, PortFilter.BlockedPort).Build();
        Assert.Equal((uint)XdpAction.Pass, Run(full[..(14 + 20 + 4)]).Action);
        Assert.Equal((uint)XdpAction.Pass, Run(full[..(14 + 10)]).Action);
        var shortIhl = (byte[])full.Clone();
        shortIhl[14] = 0x44;
        Assert.Equal((uint)XdpAction.Pass, Run(shortIhl).Action);
    }
}
