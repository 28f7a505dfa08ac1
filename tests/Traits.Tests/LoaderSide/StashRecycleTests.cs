using System.Globalization;
using TraitsBpf.TestSupport.Host;
using TraitsBpf.Traits.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TraitsBpf.Traits.Tests.LoaderSide;

/// <summary>
/// Recycled sk_buff addresses: a sender's TC egress tags its even-numbered datagrams only (stash
/// backend, no XDP) and the receiver's TC ingress reads them all; the receiver drops each one (no
/// socket), so the allocator hands the same sk_buff, and often the same data buffer, to the next
/// datagram (<c>LoaderSide/Scripts/stash-recycle.sh</c>). With the reaper attached, as every stash
/// load attaches it, no odd-numbered datagram may read a tag.
/// </summary>
public sealed class StashRecycleTests(ITestOutputHelper output)
{
    private const int Packets = 1000;
    private const int ChurnPackets = 1_000_000;
    private const int ChurnFlows = 64;

    [Fact]
    public void AFreedSkBuffsTraitsNeverReachTheNextPacketAtItsAddress()
    {
        string script = Path.Combine(AppContext.BaseDirectory, "LoaderSide", "Scripts", "stash-recycle.sh");
        var run = Command.Topology(script, Traitsbpf.Dll, typeof(StashPrograms).Assembly.Location,
            $"tr{Environment.ProcessId % 10000}", Packets.ToString(CultureInfo.InvariantCulture), "on");
        Assert.True(run.ExitCode == 0, $"the topology failed: {run.Stderr}");
        output.WriteLine(run.Stdout);
        var counts = run.Stdout.Split('\n')[0].Split(' ').Select(f => ulong.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(0UL, counts[2]);
        Assert.True(counts[0] >= Packets / 2 * 99 / 100, $"only {counts[0]} of {Packets / 2} tagged datagrams carried their tag");
        Assert.True(counts[1] >= Packets / 2 * 99 / 100, $"only {counts[1]} of {Packets / 2} untagged datagrams read as untagged");
    }

    /// <summary>
    /// The acceptance's churn: a million datagrams from 64 flows as fast as the sender goes, every other one tagged,
    /// every one dropped by the receiver's stack, so sk_buffs are allocated, freed and reused at full rate through
    /// the NAPI cache; not one may read a tag that is not its own, and the tagged ones that arrive keep theirs.
    /// </summary>
    [Fact]
    public void UnderAChurnOfAMillionDatagramsFromManyFlowsNoneReadsAnotherPacketsTraits()
    {
        string script = Path.Combine(AppContext.BaseDirectory, "LoaderSide", "Scripts", "stash-recycle.sh");
        var run = Command.Topology(script, Traitsbpf.Dll, typeof(StashPrograms).Assembly.Location,
            $"tc{Environment.ProcessId % 10000}", ChurnPackets.ToString(CultureInfo.InvariantCulture), "on",
            ChurnFlows.ToString(CultureInfo.InvariantCulture), "0");
        Assert.True(run.ExitCode == 0, $"the topology failed: {run.Stderr}");
        output.WriteLine(run.Stdout);
        var counts = run.Stdout.Split('\n')[0].Split(' ').Select(f => ulong.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        ulong arrived = counts[0] + counts[1] + counts[2];
        Assert.Equal(0UL, counts[2]);
        Assert.True(arrived >= ChurnPackets * 9UL / 10, $"only {arrived} of {ChurnPackets} datagrams reached the reader");
        Assert.True(counts[0] >= arrived / 2 * 99 / 100, $"only {counts[0]} of about {arrived / 2} tagged datagrams that arrived carried their tag");
    }
}
