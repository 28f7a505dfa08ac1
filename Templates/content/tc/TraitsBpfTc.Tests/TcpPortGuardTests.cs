using TraitsBpf;
using TraitsBpf.Testing;
using TraitsBpf.Testing.Packets;

namespace TraitsBpfTc.Tests;

public class TcpPortGuardTests
{
    private static byte[] Tcp4(ushort destinationPort) =>
        FrameBuilder.Ethernet(0x0800).IPv4(6, 0x0A000001, 0x0A000002).Tcp(40000, destinationPort, 0x02, [TcpOptions.Mss(1460)], []).Build().Bytes;

    private static readonly byte[][] Packets =
    [
        Tcp4(23),
        Tcp4(443),
        FrameBuilder.Ethernet(0x0800).IPv4(17, 0x0A000001, 0x0A000002).Udp(40000, 23, [1, 2]).Build().Bytes,
        FrameBuilder.Ethernet(0x0806).Arp(1, 0x0A000001, 0x0A000002).Build().Bytes,
        Tcp4(23)[..40],
    ];

    [Fact]
    public void DropsTcpToTheBlockedPortManaged()
    {
        using var ctx = TcContext.ForPacket(Tcp4(23));
        Assert.Equal(TcAction.Shot, ManagedExecution.Run(TcpPortGuard.Run, ctx));
    }

    [KernelFact]
    public void ManagedAndKernelAgree()
    {
        var actions = ProgramAgreement.AssertTc("TraitsBpfTc.bpf.o", "tcp_port_guard", TcpPortGuard.Run, Packets);
        Assert.Equal([TcAction.Shot, TcAction.Ok, TcAction.Ok, TcAction.Ok, TcAction.Ok], actions);
    }
}
