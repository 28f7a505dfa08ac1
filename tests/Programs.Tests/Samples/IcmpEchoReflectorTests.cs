using TraitsBpf.Programs.Tests.Packets;
using TraitsBpf.Samples;
using TraitsBpf.Testing.Packets;

namespace TraitsBpf.Programs.Tests.Samples;

public sealed class IcmpEchoReflectorTests(SamplesFixture fixture) : IClassFixture<SamplesFixture>
{
    private SampleRun Run(byte[] packet) => SampleRunner.Xdp(fixture.Programs, "icmp_reflect", IcmpEchoReflector.Run, packet);

    [Fact]
    public void TurnsAnEchoRequestIntoAReplyWithValidChecksums()
    {
        var request = PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Icmp, source: 0x0A000001, destination: 0x0A000002).IcmpEcho(8).Build();
        var run = Run(request);
        Assert.Equal((uint)XdpAction.Tx, run.Action);
        var reply = run.Output;
        Assert.Equal(request[6..12], reply[0..6]);
        Assert.Equal(request[0..6], reply[6..12]);
        Assert.Equal(request[30..34], reply[26..30]);
        Assert.Equal(request[26..30], reply[30..34]);
        Assert.Equal(64, reply[22]);
        Assert.Equal(0, reply[34]);
        Assert.True(InternetChecksum.IsValid(reply.AsSpan(14, 20)), "IPv4 header checksum");
        Assert.True(InternetChecksum.IsValid(reply.AsSpan(34)), "ICMP checksum");
        Assert.Equal(request[38..], reply[38..]);
    }

    [Fact]
    public void LeavesRepliesAndOtherTrafficAlone()
    {
        byte[][] packets =
        [
            PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Icmp).IcmpEcho(0).Build(),
            PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Udp).Udp(1, 2).Build(),
            PacketBuilder.Ethernet(EtherType.IPv6).IPv6(IpProtocol.IcmpV6).IcmpEcho(128).Build(),
            PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Icmp).IcmpEcho(8).Build()[..(14 + 20 + 4)],
        ];
        foreach (var packet in packets)
        {
            var run = Run(packet);
            Assert.Equal((uint)XdpAction.Pass, run.Action);
            Assert.Equal(packet, run.Output);
        }
    }
}
