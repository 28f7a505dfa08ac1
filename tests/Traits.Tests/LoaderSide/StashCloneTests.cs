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
/// another packet's value; the copy reads the traits of its original, found through the token both data buffers
/// carry; the original keeps its own when forwarding's skb_cow moves it, still cloned, to a new data buffer; a copy that
/// rewrites its traits changes its own copy of them, not its original's (the receiver reads the original's after the
/// mirror's side has rewritten the copy's, since both wait on the same CPU's backlog in that order); the stash is empty
/// afterwards.
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
    public void AMirroredPacketAndItsCopyBothKeepTheirTraits() => AssertEveryReaderCarriesItsOwn("mirror");

    [Fact]
    public void ACopyThatRewritesItsTraitsLeavesItsOriginalsAlone() => AssertEveryReaderCarriesItsOwn("rewrite");

    /// <summary>Every reader reads its own tag on at least 99% of the datagrams and never another's, and the stash ends empty.</summary>
    private void AssertEveryReaderCarriesItsOwn(string mirror)
    {
        var (seen, entries) = Run(mirror);
        foreach (var reader in Readers)
        {
            Assert.Equal(0UL, seen[reader].Wrong);
            Assert.True(seen[reader].Carried * 100 >= Packets * 99UL, $"{reader}: only {seen[reader].Carried} of {Packets} carried their traits");
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
