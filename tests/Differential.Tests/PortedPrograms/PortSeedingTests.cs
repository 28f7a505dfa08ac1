using TraitsBpf.Differential.Tests.Comparison;
using TraitsBpf.Differential.Tests.Kernel;
using TraitsBpf.Differential.Tests.Maps;
using TraitsBpf.Differential.Tests.Samples;
using TraitsBpf.Ports;
using TraitsBpf.TestSupport.Host;
using TraitsBpf.Testing.Packets;

namespace TraitsBpf.Differential.Tests.PortedPrograms;

/// <summary>
/// Map seeding reaches every side: the router port's seeded routes decide where a packet goes in
/// managed execution, in our object and in the C twin alike, a seeded per-CPU count is where each
/// side's later increments land, and a filter rule seeded in a per-CPU hash map drops a packet that
/// passes without it.
/// </summary>
public sealed unsafe class PortSeedingTests
{
    private const string Router = "xdp_router_ipv4_prog";
    private const string Filter = "xdpfilt_alw_all";

    // A UDP datagram to 10.0.0.1, which the seeded 10/8 route and ARP entry send out of slot 1.
    private static readonly byte[] ToRoutedHost =
        FrameBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Udp, 0x0A000002, 0x0A000001).Udp(4000, 53, [1, 2, 3, 4]).Build().Bytes;

    // A UDP datagram to 192.168.1.1, which the filter's seeded IPv4 rule blocks as a destination.
    private static readonly byte[] ToBlockedHost =
        FrameBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Udp, 0x0A000001, 0xC0A80101).Udp(4000, 4001, [1, 2, 3, 4]).Build().Bytes;

    [Fact]
    public void WithoutRoutesEverySideDropsThePacketUnchanged()
    {
        using var sides = PortSides.Load(Router, SampleSetup.None);

        AssertEverySide(sides.RunEverywhere(ToRoutedHost), XdpAction.Drop, ToRoutedHost);
    }

    [Fact]
    public void WithTheSeededRoutesEverySideRewritesTheMacsAndRedirects()
    {
        byte[] expected = [.. ToRoutedHost];
        BitConverter.GetBytes(RouterAddresses.Mac(0x02, 0, 0, 0, 0x0A, 0x01)).AsSpan(0, 6).CopyTo(expected);
        BitConverter.GetBytes(RouterAddresses.Mac(0x02, 0xEE, 10, 0, 0, 0)).AsSpan(0, 6).CopyTo(expected.AsSpan(6));
        using var sides = PortSides.Load(Router, PortSetups.For(Router));

        AssertEverySide(sides.RunEverywhere(ToRoutedHost), XdpAction.Redirect, expected);
    }

    [Fact]
    public void ASeededPerCpuCountIsWhereEverySideCountsOnFrom()
    {
        using var sides = PortSides.Load(Router, PortSetups.For(Router));

        sides.RunEverywhere(ToRoutedHost);

        Assert.Equal(PortSetups.SeededUdpCount + 1, XdpRouterIpv4.RxCnt[IpProtocol.Udp]);
        Assert.Equal(PortSetups.SeededUdpCount + 1, UdpCount(sides.Ours));
        Assert.Equal(PortSetups.SeededUdpCount + 1, UdpCount(sides.Twin));
    }

    [Fact]
    public void ASeededPerCpuFilterRuleDropsThePacketAndCountsTheHitOnEverySide()
    {
        var unfiltered = RunOnSeededCpu(SampleSetup.None);
        var filtered = RunOnSeededCpu(PortSetups.For(Filter), sides =>
        {
            // The rule was seeded with five hits counted; the drop is the sixth, on the seeded CPU's copy.
            ulong sixHits = XdpFilter.MapFlagDst | (6ul << XdpFilter.CounterShift);
            uint blocked = RouterAddresses.Address(192, 168, 1, 1);
            Assert.Equal(sixHits, *XdpFilter.FilterIpv4.Lookup(blocked));
            Assert.Equal(sixHits, SeededCpuValue(sides.Ours, nameof(XdpFilter.FilterIpv4), blocked));
            Assert.Equal(sixHits, SeededCpuValue(sides.Twin, nameof(XdpFilter.FilterIpv4), blocked));
        });

        Assert.All(unfiltered, run => Assert.Equal((uint)XdpAction.Pass, run.Outcome.Action));
        Assert.All(filtered, run => Assert.Equal((uint)XdpAction.Drop, run.Outcome.Action));
    }

    private static void AssertEverySide(IReadOnlyList<(string Side, RunOutcome Outcome)> runs, XdpAction action, byte[] output)
    {
        foreach (var (side, outcome) in runs)
        {
            Assert.True(outcome.Error is null, $"{side}: {outcome.Error}");
            Assert.Equal((uint)action, outcome.Action);
            Assert.Equal(output, outcome.Output);
        }
    }

    private static IReadOnlyList<(string Side, RunOutcome Outcome)> RunOnSeededCpu(SampleSetup setup, Action<PortSides>? check = null)
    {
        using var sides = PortSides.Load(Filter, setup);
        IReadOnlyList<(string, RunOutcome)> outcomes = [];
        OnCpu.Run(PortAgreementTests.SeededCpu, () => outcomes = sides.RunEverywhere(ToBlockedHost));
        check?.Invoke(sides);
        return outcomes;
    }

    private static ulong SeededCpuValue(KernelSample sample, string mapName, uint key)
    {
        var map = sample.Object.Map(mapName);
        var buffer = new byte[map.ValueBufferSize];
        Assert.True(map.Lookup(BitConverter.GetBytes(key), buffer));
        return BitConverter.ToUInt64(buffer.AsSpan(PortAgreementTests.SeededCpu * sizeof(ulong)));
    }

    private static long UdpCount(KernelSample sample)
    {
        var map = sample.Object.Map(nameof(XdpRouterIpv4.RxCnt));
        var buffer = new byte[map.ValueBufferSize];
        Assert.True(map.Lookup(BitConverter.GetBytes((uint)IpProtocol.Udp), buffer));
        return BitConverter.ToInt64(PerCpuValues.Sum(buffer, map.ValueSize));
    }
}
