using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Packets;
using TraitsBpf.Programs.Tests.Samples;
using TraitsBpf.Samples;

namespace TraitsBpf.Programs.Tests.Stateful;

/// <summary>The counter's maps, per-CPU and atomic, hold the same counts in the kernel as in managed execution.</summary>
public sealed class PacketCounterTests
{
    [Fact]
    public void KernelAndManagedCountTheSame()
    {
        using var programs = new CompiledAssembly(SamplesFixture.SamplesAssemblyPath, "xdp_counter");
        PacketCounter.Counters.Clear();
        PacketCounter.Families.Clear();
        var random = new Random(7);
        ushort[] types = [EtherType.IPv4, EtherType.IPv6, EtherType.Arp, 0x88CC];
        for (int n = 0; n < 200; n++)
        {
            var packet = PacketBuilder.Ethernet(types[random.Next(types.Length)]).Raw(new byte[random.Next(0, 80)]).Build();
            SampleRunner.Xdp(programs, "xdp_counter", PacketCounter.Run, n % 17 == 0 ? packet[..14] : packet);
        }

        ulong total = 0;
        for (uint i = 0; i < 4; i++)
        {
            Assert.Equal(PacketCounter.Families[i], programs.ReadUInt64("Families", i));
            Assert.Equal(PacketCounter.Counters[i], programs.ReadUInt64("Counters", i));
            total += PacketCounter.Families[i];
        }

        Assert.Equal(200UL, total);
        Assert.Equal(200UL, PacketCounter.Counters[PacketCounter.AllPackets]);
    }
}
