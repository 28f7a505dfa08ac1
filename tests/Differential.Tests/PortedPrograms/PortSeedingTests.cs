using TraitsBpf.Differential.Tests.Comparison;
using TraitsBpf.Differential.Tests.Kernel;
using TraitsBpf.Differential.Tests.Maps;
using TraitsBpf.Differential.Tests.Samples;
using TraitsBpf.Ports;
using TraitsBpf.TestSupport.Host;
using TraitsBpf.Testing.Packets;
using Router = TraitsBpf.Ports.XdpRouterIpv4;

namespace TraitsBpf.Differential.Tests.PortedPrograms;

/// <summary>
/// Map seeding reaches every side: the router port's seeded routes decide where a packet goes in
/// managed execution, in our object and in the C twin alike, a seeded per-CPU count is where each
/// side's later increments land, and a filter rule seeded in a per-CPU hash map drops a packet that
/// passes without it.
/// </summary>
public sealed unsafe class PortSeedingTests
{
    private const string Name = "xdp_router_ipv4_prog";

    // A UDP datagram to 10.0.0.1, which the seeded 10/8 route and ARP entry send out of slot 1.
    private static readonly byte[] ToRoutedHost =
        FrameBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Udp, 0x0A000002, 0x0A000001).Udp(4000, 53, [1, 2, 3, 4]).Build().Bytes;

    [Fact]
    public void WithoutRoutesEverySideDropsThePacketUnchanged()
    {
        foreach (var (side, outcome) in RunEverywhere(SampleSetup.None))
        {
            Assert.True(outcome.Error is null, $"{side}: {outcome.Error}");
            Assert.Equal((uint)XdpAction.Drop, outcome.Action);
            Assert.Equal(ToRoutedHost, outcome.Output);
        }
    }

    [Fact]
    public void WithTheSeededRoutesEverySideRewritesTheMacsAndRedirects()
    {
        byte[] expected = [.. ToRoutedHost];
        BitConverter.GetBytes(RouterAddresses.Mac(0x02, 0, 0, 0, 0x0A, 0x01)).AsSpan(0, 6).CopyTo(expected);
        BitConverter.GetBytes(RouterAddresses.Mac(0x02, 0xEE, 10, 0, 0, 0)).AsSpan(0, 6).CopyTo(expected.AsSpan(6));

        foreach (var (side, outcome) in RunEverywhere(PortSetups.For(Name)))
        {
            Assert.True(outcome.Error is null, $"{side}: {outcome.Error}");
            Assert.Equal((uint)XdpAction.Redirect, outcome.Action);
            Assert.Equal(expected, outcome.Output);
        }
    }

    [Fact]
    public void ASeededPerCpuCountIsWhereEverySideCountsOnFrom()
    {
        var setup = PortSetups.For(Name);
        var program = PortCatalog.Find(Name);
        var managed = new ManagedMaps(program.SampleClass, []);
        managed.Clear();
        managed.Fill(setup.MapEntries);
        using var ours = KernelSample.Load(PortCatalog.Ours(Name), Name, setup);
        using var twin = KernelSample.Load(PortCatalog.Twin(Name), Name, setup);

        program.RunManaged(ToRoutedHost);
        ours.Run(Name, ToRoutedHost);
        twin.Run(Name, ToRoutedHost);

        Assert.Equal(PortSetups.SeededUdpCount + 1, Router.RxCnt[IpProtocol.Udp]);
        Assert.Equal(PortSetups.SeededUdpCount + 1, UdpCount(ours));
        Assert.Equal(PortSetups.SeededUdpCount + 1, UdpCount(twin));
    }

    [Fact]
    public void ASeededPerCpuFilterRuleDropsThePacketAndCountsTheHitOnEverySide()
    {
        const string Filter = "xdpfilt_alw_all";
        byte[] toBlocked = FrameBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Udp, 0x0A000001, 0xC0A80101).Udp(4000, 4001, [1, 2, 3, 4]).Build().Bytes;
        var setup = PortSetups.For(Filter);
        var program = PortCatalog.Find(Filter);
        var managed = new ManagedMaps(program.SampleClass, []);
        managed.Clear();
        using var bare = KernelSample.Load(PortCatalog.Ours(Filter), Filter, SampleSetup.None);
        var unfiltered = new List<RunOutcome>();
        OnCpu.Run(0, () => unfiltered.AddRange([program.RunManaged(toBlocked), bare.Run(Filter, toBlocked)]));

        managed.Fill(setup.MapEntries);
        using var ours = KernelSample.Load(PortCatalog.Ours(Filter), Filter, setup);
        using var twin = KernelSample.Load(PortCatalog.Twin(Filter), Filter, setup);
        var filtered = new List<RunOutcome>();
        OnCpu.Run(0, () => filtered.AddRange([program.RunManaged(toBlocked), ours.Run(Filter, toBlocked), twin.Run(Filter, toBlocked)]));

        Assert.All(unfiltered, outcome => Assert.Equal((uint)XdpAction.Pass, outcome.Action));
        Assert.All(filtered, outcome => Assert.Equal((uint)XdpAction.Drop, outcome.Action));

        // The rule was seeded with five hits counted; the drop is the sixth, on CPU 0's copy.
        ulong sixHits = XdpFilter.MapFlagDst | (6ul << XdpFilter.CounterShift);
        uint blocked = RouterAddresses.Address(192, 168, 1, 1);
        Assert.Equal(sixHits, *XdpFilter.FilterIpv4.Lookup(blocked));
        Assert.Equal(sixHits, FirstCpuValue(ours, nameof(XdpFilter.FilterIpv4), blocked));
        Assert.Equal(sixHits, FirstCpuValue(twin, nameof(XdpFilter.FilterIpv4), blocked));
    }

    private static ulong FirstCpuValue(KernelSample sample, string mapName, uint key)
    {
        var map = sample.Object.Map(mapName);
        var buffer = new byte[map.ValueBufferSize];
        Assert.True(map.Lookup(BitConverter.GetBytes(key), buffer));
        return BitConverter.ToUInt64(buffer);
    }

    private static long UdpCount(KernelSample sample)
    {
        var map = sample.Object.Map(nameof(Router.RxCnt));
        var buffer = new byte[map.ValueBufferSize];
        Assert.True(map.Lookup(BitConverter.GetBytes((uint)IpProtocol.Udp), buffer));
        return BitConverter.ToInt64(PerCpuValues.Sum(buffer, map.ValueSize));
    }

    private static List<(string Side, RunOutcome Outcome)> RunEverywhere(SampleSetup setup)
    {
        var program = PortCatalog.Find(Name);
        var managed = new ManagedMaps(program.SampleClass, []);
        managed.Clear();
        managed.Fill(setup.MapEntries);
        using var ours = KernelSample.Load(PortCatalog.Ours(Name), Name, setup);
        using var twin = KernelSample.Load(PortCatalog.Twin(Name), Name, setup);
        return
        [
            ("managed", program.RunManaged(ToRoutedHost)),
            ("kernel (ours)", ours.Run(Name, ToRoutedHost)),
            ("kernel (C twin)", twin.Run(Name, ToRoutedHost)),
        ];
    }
}
