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
    /// With the reaper detached no free is seen at all, and the allocators hand the next datagram the same sk_buff and
    /// often the same buffer (docs/traits.md, "Generation": before the fingerprint, 495 of 500 untagged datagrams read
    /// the previous one's tag): the fingerprint alone must keep every untagged datagram untagged.
    /// </summary>
    [Fact]
    public void WithoutTheReaperAnEntryLeftBehindStillNeverPassesForTheNextPacket()
    {
        var counts = Recycle("off", "1", "0.0005", "none", Packets);
        Assert.Equal(0UL, counts[2]);
        Assert.True(counts[0] >= Packets / 2 * 99 / 100, $"only {counts[0]} of {Packets / 2} tagged datagrams carried their tag");
        Assert.True(counts[1] >= Packets / 2 * 99 / 100, $"only {counts[1]} of {Packets / 2} untagged datagrams read as untagged");
    }

    /// <summary>
    /// A socket reads every datagram, 64 flows as fast as the sender goes: on 6.18 those sk_buffs are freed past both of
    /// the reaper's tracepoints, so their entries stay (1,925 and 2,427 of 10,000 untagged datagrams read another's tag
    /// before the fingerprint); none may.
    /// </summary>
    [Fact]
    public void DatagramsASocketReadsNeverLendTheirTraitsToTheNextPacket()
    {
        const int Read = 20_000;
        var counts = Recycle("on", "64", "0", "listen", Read);
        ulong arrived = counts[0] + counts[1] + counts[2];
        Assert.Equal(0UL, counts[2]);
        Assert.True(arrived >= Read * 9UL / 10, $"only {arrived} of {Read} datagrams reached the reader");
        Assert.True(counts[0] >= arrived / 2 * 99 / 100, $"only {counts[0]} of about {arrived / 2} tagged datagrams that arrived carried their tag");
    }

    private ulong[] Recycle(string reaper, string flows, string pace, string reader, int packets)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "LoaderSide", "Scripts", "stash-recycle.sh");
        var run = Command.Topology(script, Traitsbpf.Dll, typeof(StashPrograms).Assembly.Location,
            $"tq{Environment.ProcessId % 10000}", packets.ToString(CultureInfo.InvariantCulture), reaper, flows, pace, reader);
        Assert.True(run.ExitCode == 0, $"the topology failed: {run.Stderr}");
        output.WriteLine(run.Stdout);
        return run.Stdout.Split('\n')[0].Split(' ').Select(f => ulong.Parse(f, CultureInfo.InvariantCulture)).ToArray();
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
