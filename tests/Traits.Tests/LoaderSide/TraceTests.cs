using TraitsBpf.TestSupport.Host;
using TraitsBpf.Traits.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TraitsBpf.Traits.Tests.LoaderSide;

/// <summary>
/// <c>traitsbpf trace</c> on a forwarding path (<c>LoaderSide/Scripts/trace.sh</c>): UDP datagrams numbered by the
/// sender and tagged at a router's XDP with <see cref="TracePrograms.Marker"/> plus their number as trait <c>trace_id</c>, followed by traces filtered on
/// one number: the lines for that packet (received by the router, sent on by it, received by the receiver, then
/// dropped there with the kernel's reason, or, for a TCP segment, delivered to the socket) and none for another; a trace without a filter sees every number and
/// ends cleanly on SIGTERM; nothing trace attached is left once it has ended.
/// </summary>
public sealed class TraceTests(ITestOutputHelper output)
{
    [Fact]
    public void TraceFollowsTheStashBackendsPackets() => Check("stash", "tts");

    [Fact]
    public void TraceFollowsTheMetaBackendsPackets() => Check("meta", "ttm");

    private void Check(string backend, string prefix)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "LoaderSide", "Scripts", "trace.sh");
        string names = $"{prefix}{Environment.ProcessId % 10000}";
        string outputs = Directory.CreateTempSubdirectory("trace").FullName;
        try
        {
            var run = Command.Topology(script, Traitsbpf.Dll, typeof(TracePrograms).Assembly.Location, names, backend, outputs,
                LostDatagrams.ToString(System.Globalization.CultureInfo.InvariantCulture));
            string Read(string file) => File.ReadAllText(Path.Combine(outputs, file));
            foreach (var file in Directory.GetFiles(outputs).Order())
                output.WriteLine($"== {Path.GetFileName(file)}\n{File.ReadAllText(file)}");
            Assert.True(run.ExitCode == 0, $"the topology failed: {run.Stderr}");

            // Before any program that uses traits: one sentence, a non-zero exit.
            Assert.Contains("no traits backend is recorded on this host", Read("none.err"));
            Assert.Contains("exit 10", Read("none.err"));
            Assert.Contains("--where names trait 'nosuch', which is not registered on this host (registered: ", Read("unknown.err"));
            Assert.Contains("trace_id", Read("unknown.err"));
            Assert.Contains("exit 2", Read("unknown.err"));
            Assert.Contains("trait 'trace_id' is 8-byte System.UInt64, so its value must be an unsigned 64-bit integer", Read("badvalue.err"));
            Assert.Contains("exit 2", Read("badvalue.err"));

            // --count ends a trace as soon as it has shown that many events, long before its --timeout of 60 s.
            var delivered = Lines(Read("delivered.out"));
            Assert.Equal(
                [("receive", $"{names}b0"), ("output", $"{names}b1"), ("receive", $"{names}c1")],
                delivered.Select(l => (l.Event, l.Device)).ToArray());
            Assert.All(delivered, l => Assert.Equal(Id(7), l.Traits));
            Assert.EndsWith("3 event(s)\n", Read("delivered.err"));
            Assert.True(int.Parse(Read("seconds").Trim(), System.Globalization.CultureInfo.InvariantCulture) < 30, "the counted traces did not stop at their count");

            var dropped = Lines(Read("dropped.out"));
            Assert.Equal(
                [("receive", $"{names}b0"), ("output", $"{names}b1"), ("receive", $"{names}c1"), ("drop", $"{names}c1")],
                dropped.Select(l => (l.Event, l.Device)).ToArray());
            Assert.All(dropped, l => Assert.Equal(Id(107), l.Traits));
            Assert.Equal("reason=NO_SOCKET", dropped[^1].Reason);

            // A TCP segment read by a socket: delivered through skb_copy_datagram_iovec (UDP's reads of linear datagrams skip it).
            var stream = Lines(Read("stream.out"));
            Assert.Equal(
                [("receive", $"{names}b0"), ("output", $"{names}b1"), ("receive", $"{names}c1"), ("deliver", "-")],
                stream.Select(l => (l.Event, l.Device)).ToArray());
            Assert.All(stream, l => Assert.Equal(Id(50), l.Traits));

            // Unfiltered, every numbered datagram shows at the router's receive, each with its own number; SIGTERM ends it cleanly.
            var all = Lines(Read("all.out")).Where(l => l.Device == $"{names}b0" && l.Event == "receive").Select(l => l.Traits).ToHashSet();
            foreach (int id in Enumerable.Range(0, 20).Concat(Enumerable.Range(100, 20)))
                Assert.Contains(Id(id), all);
            Assert.DoesNotContain("exit", Read("all.err"));
            Assert.Matches(@"\d+ event\(s\)\n$", Read("all.err"));

            // A reader stopped while the datagrams fill its ring buffer: every event is either shown or counted as lost
            // (the flood alone, by its own trait: other tests' packets pass the same tracepoints).
            var lostErr = Read("lost.err");
            var summary = System.Text.RegularExpressions.Regex.Match(lostErr, @"(\d+) event\(s\); (\d+) lost because the ring buffer was full\n$");
            Assert.True(summary.Success, $"the stopped trace did not report lost events: {lostErr}");
            long shown = long.Parse(summary.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            long lost = long.Parse(summary.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            var flood = Lines(Read("lost.out"));
            Assert.Equal(shown, flood.Count);
            Assert.All(flood, l => Assert.InRange(
                ulong.Parse(l.Traits.Split(' ').Single(t => t.StartsWith("trace_id=", StringComparison.Ordinal))["trace_id=".Length..], System.Globalization.CultureInfo.InvariantCulture),
                TracePrograms.Marker + TracePrograms.FloodBase, TracePrograms.Marker + TracePrograms.FloodBase + LostDatagrams - 1));
            Assert.True(lost > 0, "the ring buffer never filled");
            Assert.Equal(EventsPerDroppedDatagram * LostDatagrams, shown + lost);

            Assert.Equal("", Read("left.txt"));
        }
        finally
        {
            Directory.Delete(outputs, recursive: true);
        }
    }

    /// <summary>Datagrams to the closed port sent while a trace is stopped: their events are four times the records the ring buffer holds.</summary>
    private const int LostDatagrams = 1500;

    /// <summary>Receive and output at the router, receive and drop at the receiver.</summary>
    private const int EventsPerDroppedDatagram = 4;

    private static string Id(int number) => $"trace_id={TracePrograms.Marker + (ulong)number}";

    /// <summary>A trace's lines: time, event, device, len=N, for a drop reason=NAME, then the traits.</summary>
    private static List<(string Event, string Device, string Reason, string Traits)> Lines(string text) =>
        [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            bool drop = fields[1] == "drop";
            return (fields[1], fields[2], drop ? fields[4] : "", string.Join(' ', fields.Skip(drop ? 5 : 4)));
        })];
}
