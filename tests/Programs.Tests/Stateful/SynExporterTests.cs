using System.Runtime.InteropServices;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Packets;
using TraitsBpf.Programs.Tests.Samples;
using TraitsBpf.Samples;

namespace TraitsBpf.Programs.Tests.Stateful;

/// <summary>The SYN exporter reserves and submits ring buffer records for connection attempts only.</summary>
public sealed class SynExporterTests
{
    [Fact]
    public void ExportsOneEventPerSyn()
    {
        using var programs = new CompiledAssembly(SamplesFixture.SamplesAssemblyPath, "syn_exporter");
        SynExporter.Events.Clear();
        SynExporter.Lost.Clear();
        byte[][] packets =
        [
            PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Tcp, source: 0x0A000001).Tcp(40000, 443, 0x02).Build(),
            PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Tcp).Tcp(40000, 443, 0x12).Build(),
            PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Tcp).Tcp(40000, 443, 0x10).Build(),
            PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Udp).Udp(1, 2).Build(),
            PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Tcp, source: 0x0A000003).Tcp(40001, 22, 0x02).Build(),
        ];
        foreach (var packet in packets)
        {
            Assert.Equal((uint)TcAction.Ok, SampleRunner.Tc(programs, "syn_exporter", SynExporter.Run, packet).Action);
        }

        var events = SynExporter.Events.TakeRecords().Select(r => MemoryMarshal.Read<SynExporter.SynEvent>(r)).ToList();
        Assert.Equal([443, 22], events.Select(e => (int)e.DestinationPort));
        Assert.Equal([40000, 40001], events.Select(e => (int)e.SourcePort));
        Assert.Equal(0UL, programs.ReadUInt64("Lost", 0));
    }
}
