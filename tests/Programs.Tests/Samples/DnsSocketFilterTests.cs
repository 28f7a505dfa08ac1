using TraitsBpf.Programs.Tests.Packets;
using TraitsBpf.Samples;

namespace TraitsBpf.Programs.Tests.Samples;

/// <summary>
/// The socket filter keeps DNS and drops the rest, in the kernel and in managed execution alike.
/// The kernel's test run strips the Ethernet header for socket filters, so the managed run gets
/// the packet from the IP header on, as a filter on an IP socket does.
/// </summary>
public sealed class DnsSocketFilterTests(SamplesFixture fixture) : IClassFixture<SamplesFixture>
{
    private uint Run(byte[] frame)
    {
        var kernel = fixture.Programs.Program("dns_only").TestRun(frame);
        using var ctx = SocketContext.ForPacket(frame.AsSpan(14));
        Assert.Equal(kernel.ReturnValue, DnsSocketFilter.Run(ctx));
        return kernel.ReturnValue;
    }

    [Fact]
    public void KeepsDnsCutToTheSnapLength()
    {
        var query = PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Udp).Udp(40000, 53, 40).Build();
        Assert.Equal((uint)(query.Length - 14), Run(query));
        var bigAnswer = PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Udp).Udp(53, 40000, 900).Build();
        Assert.Equal(DnsSocketFilter.SnapLength, Run(bigAnswer));
    }

    [Fact]
    public void DropsEverythingElse()
    {
        Assert.Equal(0u, Run(PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Udp).Udp(40000, 5353).Build()));
        Assert.Equal(0u, Run(PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Tcp).Tcp(40000, 53, 0x02).Build()));
        Assert.Equal(0u, Run(PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Udp, options: [1, 1, 1, 1]).Udp(40000, 80).Build()));
    }

    [Fact]
    public void FindsTheUdpHeaderBehindIpOptions() =>
        Assert.NotEqual(0u, Run(PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Udp, options: [1, 1, 1, 1, 1, 1, 1, 0]).Udp(40000, 53).Build()));
}
