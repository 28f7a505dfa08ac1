using System.Buffers.Binary;
using TraitsBpf.Programs.Tests.Packets;
using TraitsBpf.Samples;
using TraitsBpf.Testing.Packets;

namespace TraitsBpf.Programs.Tests.Samples;

public sealed class TcpMssClampTests(SamplesFixture fixture) : IClassFixture<SamplesFixture>
{
    private const byte Syn = 0x02;
    private const byte Ack = 0x10;
    private const int TcpOffset = 14 + 20;

    private SampleRun Run(byte[] packet) => SampleRunner.Tc(fixture.Programs, "mss_clamp", TcpMssClamp.Run, packet);

    private static byte[] Mss(ushort value) => [2, 4, (byte)(value >> 8), (byte)value];

    private static byte[] Syn4(byte flags, params byte[] options) =>
        PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Tcp).Tcp(40000, 443, flags, options).Build();

    private static bool TcpChecksumValid(byte[] frame)
    {
        var segment = frame.AsSpan(TcpOffset);
        byte[] pseudo = [.. frame.AsSpan(26, 8), 0, 6, (byte)(segment.Length >> 8), (byte)segment.Length];
        return InternetChecksum.IsValid(segment, pseudo);
    }

    [Fact]
    public void ClampsALargeMss()
    {
        var run = Run(Syn4(Syn, Mss(1460)));
        Assert.Equal((uint)TcAction.Ok, run.Action);
        Assert.Equal(TcpMssClamp.MaxSegmentSize, BinaryPrimitives.ReadUInt16BigEndian(run.Output.AsSpan(TcpOffset + 22)));
        Assert.True(TcpChecksumValid(run.Output));
    }

    [Fact]
    public void FindsTheMssAfterOtherOptions()
    {
        byte[] options = [1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 4, 2, .. Mss(9000), 1, 1];
        var run = Run(Syn4(Syn | Ack, options));
        Assert.Equal(TcpMssClamp.MaxSegmentSize, BinaryPrimitives.ReadUInt16BigEndian(run.Output.AsSpan(TcpOffset + 20 + 16)));
        Assert.True(TcpChecksumValid(run.Output));
    }

    [Fact]
    public void LeavesSmallMssNonSynAndMalformedOptionsAlone()
    {
        byte[][] packets =
        [
            Syn4(Syn, Mss(1200)),
            Syn4(Ack, Mss(1460)),
            Syn4(Syn, 1, 1, 1, 0),
            Syn4(Syn, 3, 0, 2, 4, 5, 0xB4, 0, 0),
            Syn4(Syn, [.. Mss(1460)])[..(TcpOffset + 22)],
            PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Udp).Udp(1, 2).Build(),
        ];
        foreach (var packet in packets)
        {
            var run = Run(packet);
            Assert.Equal((uint)TcAction.Ok, run.Action);
            Assert.Equal(packet, run.Output);
        }
    }
}
