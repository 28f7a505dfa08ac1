using TraitsBpf.Differential.Tests.Comparison;
using TraitsBpf.Differential.Tests.Kernel;
using TraitsBpf.Differential.Tests.Maps;
using TraitsBpf.Differential.Tests.Samples;
using TraitsBpf.Testing.Packets;
using Router = TraitsBpf.Ports.XdpRouterIpv4;

namespace TraitsBpf.Differential.Tests.PortedPrograms;

/// <summary>
/// Map seeding reaches every side: the router port's seeded routes decide where a packet goes in
/// managed execution, in our object and in the C twin alike, and a seeded per-CPU count is where
/// each side's later increments land.
/// </summary>
public sealed class PortSeedingTests
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
