using TraitsBpf.Programs.Tests.Packets;
using TraitsBpf.Samples;
using TraitsBpf.Testing.Packets;

namespace TraitsBpf.Programs.Tests.Samples;

public sealed class DscpMarkerTests(SamplesFixture fixture) : IClassFixture<SamplesFixture>
{
    private SampleRun Run(byte[] packet) => SampleRunner.Tc(fixture.Programs, "dscp_marker", DscpMarker.Run, packet);

    [Fact]
    public void MarksVoiceOverIPv4AndKeepsTheHeaderChecksumValid()
    {
        var run = Run(PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Udp, tos: 0x01).Udp(40000, 5062).Build());
        Assert.Equal((uint)TcAction.Ok, run.Action);
        Assert.Equal((DscpMarker.ExpeditedForwarding << 2) | 0x01, run.Output[15]);
        Assert.True(InternetChecksum.IsValid(run.Output.AsSpan(14, 20)));
    }

    [Fact]
    public void MarksVoiceOverIPv6InTheTrafficClass()
    {
        var run = Run(PacketBuilder.Ethernet(EtherType.IPv6).IPv6(IpProtocol.Udp, trafficClass: 0x02).Udp(5080, 40000).Build());
        int trafficClass = ((run.Output[14] & 0x0F) << 4) | (run.Output[15] >> 4);
        Assert.Equal((DscpMarker.ExpeditedForwarding << 2) | 0x02, trafficClass);
        Assert.Equal(0x6, run.Output[14] >> 4);
        Assert.Equal(0x12345, ((run.Output[15] & 0x0F) << 16) | (run.Output[16] << 8) | run.Output[17]);
    }

    [Fact]
    public void LeavesOtherTrafficAlone()
    {
        byte[][] packets =
        [
            PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Udp).Udp(40000, 5081).Build(),
            PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Tcp).Tcp(40000, 5060, 0x02).Build(),
            PacketBuilder.Ethernet(EtherType.IPv6).IPv6(IpProtocol.Udp).Udp(5059, 40000).Build(),
            PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Udp).Udp(40000, 5060).Build()[..(14 + 20 + 2)],
        ];
        foreach (var packet in packets)
        {
            var run = Run(packet);
            Assert.Equal((uint)TcAction.Ok, run.Action);
            Assert.Equal(packet, run.Output);
        }
    }
}
