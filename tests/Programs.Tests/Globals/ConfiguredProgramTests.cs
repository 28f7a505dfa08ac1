using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Packets;
using TraitsBpf.Programs.Tests.Samples;

namespace TraitsBpf.Programs.Tests.Globals;

/// <summary>
/// A configuration struct set by a constructor and an object initializer reaches the kernel
/// with its values (it used to be zeros): the program drops exactly what it is configured to,
/// as the same C# does when run as managed code.
/// </summary>
public sealed class ConfiguredProgramTests
{
    [Theory]
    [InlineData(IpProtocol.Udp, ConfiguredPrograms.BlockedPort, XdpAction.Drop)]
    [InlineData(IpProtocol.Udp, ConfiguredPrograms.BlockedPort + 1, XdpAction.Pass)]
    [InlineData(IpProtocol.Udp, 0, XdpAction.Pass)]
    [InlineData(IpProtocol.Tcp, ConfiguredPrograms.BlockedPort, XdpAction.Pass)]
    public void DropsOnlyTheConfiguredPortAndProtocol(byte protocol, ushort port, XdpAction expected)
    {
        using var programs = new CompiledAssembly(typeof(ConfiguredPrograms).Assembly.Location, "config_filter");
        var ip = PacketBuilder.Ethernet(EtherType.IPv4).IPv4(protocol);
        byte[] packet = (protocol == IpProtocol.Udp ? ip.Udp(1000, port) : ip.Tcp(1000, port, 0x02)).Build();
        var run = SampleRunner.Xdp(programs, "config_filter", ConfiguredPrograms.Run, packet);
        Assert.Equal((uint)expected, run.Action);
    }
}
