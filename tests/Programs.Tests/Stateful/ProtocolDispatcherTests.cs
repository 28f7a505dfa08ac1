using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Packets;
using TraitsBpf.Programs.Tests.Samples;
using TraitsBpf.Samples;

namespace TraitsBpf.Programs.Tests.Stateful;

/// <summary>Tail calls through a program array reach the same handlers in the kernel as in managed execution.</summary>
public sealed class ProtocolDispatcherTests
{
    [Fact]
    public void TailCallsReachTheHandlers()
    {
        using var programs = new CompiledAssembly(SamplesFixture.SamplesAssemblyPath, "dispatcher", "handle_tcp", "handle_udp");
        var handlers = programs.Map("Handlers");
        handlers.Update(BitConverter.GetBytes(ProtocolDispatcher.TcpSlot), BitConverter.GetBytes(programs.Program("handle_tcp").Fd));
        handlers.Update(BitConverter.GetBytes(ProtocolDispatcher.UdpSlot), BitConverter.GetBytes(programs.Program("handle_udp").Fd));
        ProtocolDispatcher.Handlers.Clear();
        ProtocolDispatcher.Handlers.Set(ProtocolDispatcher.TcpSlot, ProtocolDispatcher.HandleTcp);
        ProtocolDispatcher.Handlers.Set(ProtocolDispatcher.UdpSlot, ProtocolDispatcher.HandleUdp);
        ProtocolDispatcher.Handled.Clear();

        byte[][] packets =
        [
            PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Tcp).Tcp(1000, 23, 0x02).Build(),
            PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Tcp).Tcp(1000, 80, 0x02).Build(),
            PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Udp).Udp(1, 53).Build(),
            PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Icmp).IcmpEcho(8).Build(),
        ];
        var actions = packets.Select(p => SampleRunner.Xdp(programs, "dispatcher", ProtocolDispatcher.Run, p).Action).ToArray();

        Assert.Equal([(uint)XdpAction.Drop, (uint)XdpAction.Pass, (uint)XdpAction.Pass, (uint)XdpAction.Pass], actions);
        for (uint slot = 0; slot < 4; slot++)
        {
            Assert.Equal(ProtocolDispatcher.Handled[slot], programs.ReadUInt64("Handled", slot));
        }

        Assert.Equal(2UL, programs.ReadUInt64("Handled", ProtocolDispatcher.TcpSlot));
    }
}
