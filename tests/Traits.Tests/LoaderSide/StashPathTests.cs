using System.Globalization;
using TraitsBpf.TestSupport.Host;
using TraitsBpf.Traits.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TraitsBpf.Traits.Tests.LoaderSide;

/// <summary>
/// Traits along a packet's path on a stock kernel, per packet: UDP datagrams numbered by the sender,
/// tagged at a router's XDP with a value derived from their number, read at the router's TC ingress,
/// its tunnel device's TC egress (after forwarding), its underlay's TC egress (inside VXLAN), the far
/// end's underlay TC ingress (a second veth) and its tunnel device's TC ingress (after decapsulation)
/// (<c>LoaderSide/Scripts/stash-paths.sh</c>). A reader that finds a value counts it as carried only
/// when it is the value of the packet it reads; any other value is a wrong trait.
/// </summary>
public sealed class StashPathTests(ITestOutputHelper output)
{
    private const int Packets = 500;

    private static readonly string[] Readers = ["ingress", "forwarded", "underlay", "second_veth", "decapsulated"];

    [Fact]
    public void TheStashCarriesEveryPacketsOwnTraitsOnEveryPath()
    {
        var seen = Run("stash", "ts");
        foreach (var reader in Readers)
        {
            var (carried, _, wrong) = seen[reader];
            Assert.Equal(0UL, wrong);
            Assert.True(carried * 100 >= Packets * 99UL, $"{reader}: only {carried} of {Packets} packets carried their traits");
        }
    }

    [Fact]
    public void TheMetaBackendNeverReadsAnotherPacketsTraits()
    {
        var seen = Run("meta", "tm");
        foreach (var reader in Readers)
        {
            Assert.Equal(0UL, seen[reader].Wrong);
        }

        // Where the metadata area still holds the store (ingress, after forwarding, after decapsulation) it carries it.
        Assert.True(seen["ingress"].Carried * 100 >= Packets * 99UL, $"ingress: {seen["ingress"].Carried} carried");
    }

    private Dictionary<string, (ulong Carried, ulong Absent, ulong Wrong)> Run(string backend, string prefix)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "LoaderSide", "Scripts", "stash-paths.sh");
        string names = $"{prefix}{Environment.ProcessId % 10000}";
        var run = Command.Topology(script, Traitsbpf.Dll, typeof(StashPrograms).Assembly.Location, names,
            Packets.ToString(CultureInfo.InvariantCulture), backend);
        Assert.True(run.ExitCode == 0, $"the topology failed: {run.Stderr}");
        var seen = new Dictionary<string, (ulong, ulong, ulong)>();
        foreach (var line in run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split(' ');
            seen[f[0]] = (ulong.Parse(f[1], CultureInfo.InvariantCulture), ulong.Parse(f[2], CultureInfo.InvariantCulture), ulong.Parse(f[3], CultureInfo.InvariantCulture));
            output.WriteLine($"{backend} {f[0]}: {f[1]} carried, {f[2]} without traits, {f[3]} wrong");
        }

        Assert.Equal(Readers.Order(), seen.Keys.Order());
        return seen;
    }
}
