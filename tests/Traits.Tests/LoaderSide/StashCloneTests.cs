using System.Globalization;
using TraitsBpf.TestSupport.Host;
using TraitsBpf.Traits.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TraitsBpf.Traits.Tests.LoaderSide;

/// <summary>
/// The stash backend and clones, with real traffic (<c>LoaderSide/Scripts/stash-clone.sh</c>): numbered UDP datagrams
/// tagged at a router's XDP and read at its TC ingress, copied there by <c>tc mirred</c> to a second veth whose other
/// end reads the copies at TC ingress, and forwarded to a receiver, read at the router's TC egress and the receiver's
/// TC ingress; and the same without the mirror. What it pins down (docs/traits.md, "Clones"): no reader ever sees
/// another packet's value; a copy starts without traits (the stash has no hook where the kernel clones); the original
/// loses its traits when forwarding's skb_cow moves it, still cloned, to a new data buffer, and keeps them without the
/// mirror; the stash is empty afterwards.
/// </summary>
public sealed class StashCloneTests(ITestOutputHelper output)
{
    private const int Packets = 300;

    private static readonly string[] Readers = ["ingress", "mirror", "forwarded", "receiver"];

    [Fact]
    public void WithoutTheMirrorTheForwardedOriginalKeepsItsTraits()
    {
        var (seen, entries) = Run("none");
        foreach (var reader in new[] { "ingress", "forwarded", "receiver" })
        {
            Assert.Equal(0UL, seen[reader].Wrong);
            Assert.True(seen[reader].Carried * 100 >= Packets * 99UL, $"{reader}: only {seen[reader].Carried} of {Packets} carried their traits");
        }

        Assert.Equal((0UL, 0UL, 0UL), seen["mirror"]);
        Assert.Equal(0UL, entries);
    }

    [Fact]
    public void AMirroredPacketNeverReadsAnotherPacketsTraits()
    {
        var (seen, entries) = Run("mirror");
        foreach (var reader in Readers)
        {
            Assert.Equal(0UL, seen[reader].Wrong);
            Assert.True(seen[reader].Carried + seen[reader].Absent >= Packets * 99UL / 100, $"{reader} read only {seen[reader].Carried + seen[reader].Absent} of {Packets} datagrams");
        }

        Assert.True(seen["ingress"].Carried * 100 >= Packets * 99UL, $"ingress: only {seen["ingress"].Carried} of {Packets} carried their traits");

        // What docs/traits.md ("Clones") says the stash cannot do: if a reader below carries traits now, the docs are out of date.
        foreach (var reader in new[] { "mirror", "forwarded", "receiver" })
        {
            Assert.True(seen[reader].Carried == 0, $"{reader}: {seen[reader].Carried} carried, where docs/traits.md says a copy and its forwarded original read no traits");
        }

        Assert.Equal(0UL, entries);
    }

    private (Dictionary<string, (ulong Carried, ulong Absent, ulong Wrong)> Seen, ulong Entries) Run(string mirror)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "LoaderSide", "Scripts", "stash-clone.sh");
        var run = Command.Topology(script, Traitsbpf.Dll, typeof(StashPrograms).Assembly.Location,
            $"tbscl{Environment.ProcessId % 10000}", Packets.ToString(CultureInfo.InvariantCulture), mirror);
        Assert.True(run.ExitCode == 0, $"the topology failed: {run.Stderr}");
        var seen = new Dictionary<string, (ulong, ulong, ulong)>();
        ulong? entries = null;
        foreach (var line in run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split(' ');
            if (f[0] == "entries")
            {
                entries = ulong.Parse(f[1], CultureInfo.InvariantCulture);
                output.WriteLine($"{mirror}: stash entries in use after the traffic: {entries}");
                continue;
            }

            seen[f[0]] = (ulong.Parse(f[1], CultureInfo.InvariantCulture), ulong.Parse(f[2], CultureInfo.InvariantCulture), ulong.Parse(f[3], CultureInfo.InvariantCulture));
            output.WriteLine($"{mirror}: {f[0]}: {f[1]} carried, {f[2]} without traits, {f[3]} wrong");
        }

        Assert.Equal(Readers.Order(), seen.Keys.Order());
        Assert.True(entries.HasValue, $"traitsbpf traits printed no stash line: {run.Stdout}");
        return (seen, entries.Value);
    }
}
