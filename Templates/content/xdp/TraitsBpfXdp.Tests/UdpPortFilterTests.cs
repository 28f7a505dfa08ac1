using TraitsBpf;
using TraitsBpf.Testing;
using TraitsBpf.Testing.Packets;

namespace TraitsBpfXdp.Tests;

public class UdpPortFilterTests
{
    private static byte[] Udp4(ushort destinationPort) =>
        FrameBuilder.Ethernet(0x0800).IPv4(17, 0x0A000001, 0x0A000002).Udp(40000, destinationPort, [1, 2, 3, 4]).Build().Bytes;

    private static readonly byte[][] Packets =
    [
        Udp4(9),
        Udp4(53),
        FrameBuilder.Ethernet(0x0800).IPv4(6, 0x0A000001, 0x0A000002).Tcp(40000, 9, 0x02, [], []).Build().Bytes,
        FrameBuilder.Ethernet(0x86DD).Payload(new byte[40]).Build().Bytes,
        Udp4(9)[..30],
    ];

    [Fact]
    public void DropsUdpToTheBlockedPortManaged()
    {
        using var ctx = XdpContext.ForPacket(Udp4(9));
        Assert.Equal(XdpAction.Drop, ManagedExecution.Run(UdpPortFilter.Run, ctx));
    }

    [KernelFact]
    public void ManagedAndKernelAgree()
    {
        var actions = ProgramAgreement.AssertXdp("TraitsBpfXdp.bpf.o", "udp_port_filter", UdpPortFilter.Run, Packets);
        Assert.Equal([XdpAction.Drop, XdpAction.Pass, XdpAction.Pass, XdpAction.Pass, XdpAction.Pass], actions);
    }
}
