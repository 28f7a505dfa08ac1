using TraitsBpf.Differential.Tests.Comparison;
using TraitsBpf.Differential.Tests.Kernel;
using TraitsBpf.Differential.Tests.Maps;
using TraitsBpf.Differential.Tests.Packets;
using TraitsBpf.Differential.Tests.Samples;
using TraitsBpf.Samples;
using TraitsBpf.TestSupport.Host;
using TraitsBpf.Testing.Packets;

namespace TraitsBpf.Differential.Tests;

/// <summary>The harness catches what it is there to catch, and its own pieces do what they say.</summary>
public sealed class HarnessTests
{
    [Fact]
    public void AProgramThatActsDifferentlyIsCaughtWithThePacket()
    {
        var filter = SampleCatalog.Find("port_filter");
        var reflector = SampleCatalog.Find("icmp_reflect");
        using var kernel = KernelSample.Load(OurObjects.For(reflector), "reflector", SampleSetup.None);
        var empty = () => new MapSnapshot();

        var error = Assert.Throws<DisagreementException>(() => DifferentialRunner.Run(
            filter,
            new ExecutionSide("managed", filter.RunManaged, empty),
            [new ExecutionSide("impostor", packet => kernel.Run("icmp_reflect", packet), empty)],
            PacketCorpus.Standard));

        Assert.Contains("port_filter: managed and impostor disagree on packet #", error.Message);
        Assert.Matches("packet: +[0-9A-F]{28,}", error.Message);
        Assert.Contains("Tx (3)", error.Message);
    }

    [Fact]
    public void AMapThatDiffersIsCaughtWithThePacketsBeforeIt()
    {
        var counter = SampleCatalog.Find("xdp_counter");
        var managed = new ManagedMaps(counter.SampleClass, []);
        managed.Clear();
        using var kernel = KernelSample.Load(OurObjects.For(counter), "counter", SampleSetup.None);
        var compared = managed.Compared.ToList();
        var corpus = PacketCorpus.Standard.Take(300).ToList();

        // One managed packet too many, after the 100th: the families count then differs by one.
        var error = Assert.Throws<DisagreementException>(() => DifferentialRunner.Run(
            counter,
            new ExecutionSide("managed", counter.RunManaged, () =>
            {
                if (PacketCounter.Counters[PacketCounter.AllPackets] == 100)
                {
                    counter.RunManaged(corpus[0].Bytes);
                }

                return managed.Snapshot();
            }),
            [new ExecutionSide("kernel (ours)", packet => kernel.Run("xdp_counter", packet), () => kernel.Maps(compared))],
            corpus));

        Assert.Contains("hold different maps after packet #99", error.Message);
        Assert.Contains("map Counters:", error.Message);
        Assert.Contains("  #99 ", error.Message);
    }

    [Fact]
    public void TheTestRunRuleMatchesWhatTheKernelRefuses()
    {
        var marker = SampleCatalog.Find("dscp_marker");
        var filter = SampleCatalog.Find("port_filter");
        using var tc = KernelSample.Load(OurObjects.For(marker), "marker", SampleSetup.None);
        using var xdp = KernelSample.Load(OurObjects.For(filter), "filter", SampleSetup.None);
        foreach (var packet in PacketCorpus.Standard)
        {
            Assert.True(TestRunInputs.Accepts(SampleKind.Tc, packet.Bytes) == (tc.Run("dscp_marker", packet.Bytes).Error is null), $"TC: {packet}");
            Assert.True(TestRunInputs.Accepts(SampleKind.Xdp, packet.Bytes) == (xdp.Run("port_filter", packet.Bytes).Error is null), $"XDP: {packet}");
        }

        Assert.Contains(PacketCorpus.Standard, p => !TestRunInputs.Accepts(SampleKind.Tc, p.Bytes));
    }

    [Fact]
    public void PerCpuValuesAreSummedLaneByLane()
    {
        byte[] twoCpus = [1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 2, 0, 0, 0, 1, 0, 0, 0];
        Assert.Equal([3, 0, 0, 0, 0, 0, 0, 0], PerCpuValues.Sum(twoCpus, 8)[..8]);
        Assert.Equal([3, 0, 0, 0, 0, 0, 0, 0], PerCpuValues.Sum(twoCpus, 8));

        // A 4-byte value is padded to 8 per CPU; the padding is not part of the sum.
        byte[] padded = [5, 0, 0, 0, 9, 9, 9, 9, 6, 0, 0, 0, 9, 9, 9, 9];
        Assert.Equal([11, 0, 0, 0], PerCpuValues.Sum(padded, 4));
    }

    [Fact]
    public void OnlyClockBytesAreMasked()
    {
        byte[] value = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        var clocks = new[] { new ClockField("Map", Offset: 4, Length: 4) };
        Assert.Equal("AA → 01020304........090A0B0C", EntryText.Entry("Map", [0xAA], value, clocks));
        Assert.Equal("AA → 0102030405060708090A0B0C", EntryText.Entry("Other", [0xAA], value, clocks));
    }

    [Fact]
    public void SeededArrayAndPerCpuArrayEntriesAreWhereBothSidesCountFrom()
    {
        var counter = SampleCatalog.Find("xdp_counter");
        var setup = new SampleSetup
        {
            MapEntries =
            [
                MapEntry.Of(nameof(PacketCounter.Counters), PacketCounter.AllPackets, 1000ul),
                MapEntry.Of(nameof(PacketCounter.Families), PacketCounter.Other, 70ul),
            ],
        };
        var managed = new ManagedMaps(counter.SampleClass, []);
        managed.Clear();
        managed.Fill(setup.MapEntries);
        using var kernel = KernelSample.Load(OurObjects.For(counter), "counter", setup);
        var compared = managed.Compared.ToList();
        var corpus = PacketCorpus.Standard.Take(50).ToList();

        // On CPU 0, where managed execution and the kernel's seed keep their per-CPU copies.
        OnCpu.Run(0, () => DifferentialRunner.Run(
            counter,
            new ExecutionSide("managed", counter.RunManaged, managed.Snapshot),
            [new ExecutionSide("kernel (ours)", packet => kernel.Run("xdp_counter", packet), () => kernel.Maps(compared))],
            corpus));

        ulong others = (ulong)corpus.Count(p => System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(p.Bytes.AsSpan(12)) is not (EtherType.IPv4 or EtherType.IPv6 or EtherType.Arp));
        Assert.Equal(1050ul, PacketCounter.Counters[PacketCounter.AllPackets]);
        Assert.Equal(70 + others, PacketCounter.Families[PacketCounter.Other]);
    }

    [Fact]
    public void AnArraysZeroEntriesAreLeftOutOnBothSidesAndItsOthersKept()
    {
        var counter = SampleCatalog.Find("xdp_counter");
        var managed = new ManagedMaps(counter.SampleClass, []);
        managed.Clear();
        using var kernel = KernelSample.Load(OurObjects.For(counter), "counter", SampleSetup.None);
        var compared = managed.Compared.ToList();

        Assert.Equal(0, managed.Snapshot().EntryCount);
        Assert.Equal(0, kernel.Maps(compared).EntryCount);

        // One ARP frame: packets, bytes and the ARP family become non-zero; UDP, ICMP and the other families stay out.
        byte[] arp = FrameBuilder.Ethernet(EtherType.Arp).Arp(1, 0x0A000001, 0x0A000002).Build().Bytes;
        counter.RunManaged(arp);
        kernel.Run("xdp_counter", arp);

        Assert.Equal(3, managed.Snapshot().EntryCount);
        Assert.Null(MapSnapshot.Difference(managed.Snapshot(), "managed", kernel.Maps(compared), "kernel"));
    }
}
