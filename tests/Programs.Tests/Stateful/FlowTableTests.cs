using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Packets;
using TraitsBpf.Programs.Tests.Samples;
using TraitsBpf.Samples;

namespace TraitsBpf.Programs.Tests.Stateful;

/// <summary>The flow table's LRU hash map, with struct keys and atomically updated struct values, ends the same in the kernel and managed.</summary>
public sealed class FlowTableTests
{
    [Fact]
    public void KernelAndManagedTrackTheSameFlows()
    {
        using var programs = new CompiledAssembly(SamplesFixture.SamplesAssemblyPath, "flow_table");
        FlowTable.Flows.Clear();
        var random = new Random(11);
        for (int n = 0; n < 300; n++)
        {
            uint source = 0x0A000000u + (uint)random.Next(8);
            var builder = PacketBuilder.Ethernet(EtherType.IPv4);
            byte[] packet = random.Next(3) switch
            {
                0 => builder.IPv4(IpProtocol.Tcp, source: source).Tcp((ushort)(1000 + random.Next(4)), 80, (byte)random.Next(256)).Build(),
                1 => builder.IPv4(IpProtocol.Udp, source: source).Udp((ushort)(2000 + random.Next(4)), 53, random.Next(40)).Build(),
                _ => builder.IPv4(IpProtocol.Icmp, source: source).IcmpEcho(8).Build(),
            };
            SampleRunner.Xdp(programs, "flow_table", FlowTable.Run, packet);
        }

        Assert.InRange(FlowTable.Flows.Count, 20, 80);
        MapContents.AssertSame(programs.Map("Flows"), FlowTable.Flows.Entries);
    }
}
