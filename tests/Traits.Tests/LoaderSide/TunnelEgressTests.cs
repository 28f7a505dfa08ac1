using TraitsBpf.TestSupport.Host;
using TraitsBpf.Traits.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TraitsBpf.Traits.Tests.LoaderSide;

/// <summary>
/// The meta backend past encapsulation: traits set at a router's XDP, read at TC egress on the
/// underlay of a VXLAN tunnel, where the metadata area no longer holds the store (the outer
/// headers were pushed in front of it). Every packet must read as carrying no trait: before the
/// seal, between 0 and 56 packets in 500 read a value that was never set for them.
/// </summary>
public sealed class TunnelEgressTests(ITestOutputHelper output)
{
    private const int Packets = 500;

    [Fact]
    public void NoPacketReadsATraitAtTheUnderlaysEgress()
    {
        string script = Path.Combine(AppContext.BaseDirectory, "LoaderSide", "Scripts", "vxlan-egress.sh");
        string prefix = $"tv{Environment.ProcessId % 10000}";
        var run = Command.Run("unshare", "-m", "sh", script, Traitsbpf.Dll, typeof(VethPrograms).Assembly.Location, prefix, Packets.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(run.ExitCode == 0, $"the VXLAN topology failed: {run.Stderr}");
        var seen = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .ToDictionary(f => int.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture), f => ulong.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture));
        output.WriteLine($"underlay TC egress: {seen[0]} with the tag, {seen[2]} with a wrong value, {seen[1]} without");

        Assert.Equal(0UL, seen[0]);
        Assert.Equal(0UL, seen[2]);
        Assert.True(seen[1] >= Packets, $"only {seen[1]} packets reached the underlay's egress; {Packets} were sent");
    }
}
