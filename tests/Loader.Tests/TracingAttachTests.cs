using System.Globalization;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Tests.Infrastructure;
using TraitsBpf.TestSupport.Host;
using TraitsBpf.TestSupport.Tracing;

namespace TraitsBpf.Loader.Tests;

/// <summary>
/// Tracing programs through the traitsbpf command: <c>load</c> without <c>--iface</c> compiles the C# tracing program,
/// attaches it where its section says through a pinned link, <c>list</c> shows it kernel-wide, real traffic on a veth
/// pair in namespaces of the test's own moves its counters, and <c>detach --name</c> ends it (the kernel frees the
/// link, the counters stop). The watched device is the receiver's veth, picked out by its index and an MTU no other
/// device has, so the host's own traffic does not count.
/// </summary>
public sealed class TracingAttachTests : IDisposable
{
    private const int WatchedMtu = 1442;
    private const int PingPayload = 1000;
    // What consume_skb sees of an echo request once icmp_rcv is done with it: the payload (the IP and ICMP headers are pulled).
    private const int EchoRequestLength = PingPayload;
    private const string KprobePmu = "/sys/bus/event_source/devices/kprobe";

    private readonly VethPair veth = new();
    private readonly PrivatePinRoot pins;
    private readonly int ifindex;

    public TracingAttachTests()
    {
        try
        {
            pins = new PrivatePinRoot();
            veth.IpInReceiver("link", "set", "dev", veth.ReceiverInterface, "mtu", WatchedMtu.ToString(CultureInfo.InvariantCulture)).EnsureSuccess();
            ifindex = NetworkNamespaceThread.Run(veth.ReceiverNamespace, () => NetworkInterfaces.IndexOf(veth.ReceiverInterface));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    [Fact]
    public void A_tp_btf_program_counts_the_receivers_echo_requests_is_listed_and_detach_ends_it()
    {
        var load = Load("tp_consume_skb").EnsureSuccess();
        var name = "tp_consume_skb-trace";
        var linkId = LinkId(load.Stdout, "tp_btf/consume_skb");
        var list = pins.Traitsbpf(veth.ReceiverNamespace, "list").EnsureSuccess().Stdout;
        Assert.Contains("tp_btf/consume_skb (kernel-wide)", list, StringComparison.Ordinal);
        Assert.Contains($"{name}: trace (tracing_link id {linkId}), program 'tp_consume_skb' id", list, StringComparison.Ordinal);
        Assert.Contains("raw_tracepoint", Run.Command("bpftool", "link", "show", "id", linkId.ToString(CultureInfo.InvariantCulture)).EnsureSuccess().Stdout, StringComparison.Ordinal);

        using var tallies = PinnedMap.Open(Path.Combine(pins.Root, name, "maps", "Tallies"));
        Assert.Equal(5, PingWatched(5));
        var tally = Tally(tallies, SkbTracer.TracepointSlot);
        Assert.Equal(5UL, tally.OfWatchedLength);
        Assert.True(tally.Packets >= 5, $"counted {tally.Packets} sk_buffs on the watched device");
        Assert.True(tally.Bytes >= 5UL * EchoRequestLength, $"counted {tally.Bytes} bytes");

        pins.Traitsbpf(veth.ReceiverNamespace, "detach", "--name", name).EnsureSuccess();

        Assert.False(pins.Pinned(name));
        Assert.NotEqual(0, Run.Command("bpftool", "link", "show", "id", linkId.ToString(CultureInfo.InvariantCulture)).ExitCode);
        Assert.Contains("traitsbpf has nothing attached", pins.Traitsbpf(veth.ReceiverNamespace, "list").EnsureSuccess().Stdout, StringComparison.Ordinal);
        Assert.Equal(3, PingWatched(3));
        Assert.Equal(5UL, Tally(tallies, SkbTracer.TracepointSlot).OfWatchedLength);
    }

    [Fact]
    public void A_kprobe_program_fires_where_the_kernel_has_kprobes_and_is_refused_in_one_sentence_where_it_has_not() =>
        CountsOrIsRefused("kp_consume_skb", SkbTracer.KprobeSlot, Directory.Exists(KprobePmu),
            $"this kernel cannot attach kprobes: it has no kprobe perf event source ({KprobePmu})");

    [Fact]
    public void A_raw_tracepoint_program_counts_the_receivers_echo_requests() =>
        CountsOrIsRefused("rt_consume_skb", SkbTracer.RawTracepointSlot, attaches: true, "");

    /// <summary>Whether the kernel makes trampolines for consume_skb's callers is what loading the program finds out.</summary>
    [Fact]
    public void An_fentry_program_counts_where_the_kernel_makes_trampolines_and_its_EPERM_is_one_sentence_where_it_does_not() =>
        CountsOrIsRefused("fe_consume_skb", SkbTracer.FentrySlot, attaches: null,
            "the kernel refused to load fentry/consume_skb program 'fe_consume_skb' with EPERM although traitsbpf holds CAP_BPF and CAP_PERFMON: this kernel does not let BPF trampolines (fentry, fexit) attach there");

    [Fact]
    public void Run_refuses_a_tracing_program_in_one_sentence()
    {
        var run = pins.Traitsbpf(veth.ReceiverNamespace, "run", typeof(SkbTracer).Assembly.Location, "--program", "tp_consume_skb", "--hex", "0011223344556677889900aabbcc0800");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("program 'tp_consume_skb' is a tracing program (Tracing): run feeds packets to XDP, TC and socket programs", run.Stderr, StringComparison.Ordinal);
    }

    /// <summary>
    /// Loads <paramref name="program"/>: where the kernel allows it (<paramref name="attaches"/>, or null to go by whether the load
    /// succeeded), it must count 3 echo requests and detach cleanly; otherwise the load must fail with <paramref name="refusal"/>
    /// as its one line and pin nothing.
    /// </summary>
    private void CountsOrIsRefused(string program, uint slot, bool? attaches, string refusal)
    {
        var load = Load(program);
        var name = $"{program}-trace";
        if (!(attaches ?? load.ExitCode == 0))
        {
            Assert.NotEqual(0, load.ExitCode);
            Assert.Contains(refusal, load.Stderr, StringComparison.Ordinal);
            Assert.Single(load.Stderr.Trim().Split('\n'));
            Assert.False(pins.Pinned(name));
            return;
        }

        load.EnsureSuccess();
        using var tallies = PinnedMap.Open(Path.Combine(pins.Root, name, "maps", "Tallies"));
        Assert.Equal(3, PingWatched(3));
        Assert.Equal(3UL, Tally(tallies, slot).OfWatchedLength);
        pins.Traitsbpf(veth.ReceiverNamespace, "detach", "--name", name).EnsureSuccess();
        Assert.False(pins.Pinned(name));
    }

    private ProcessResult Load(string program) =>
        pins.Traitsbpf(veth.ReceiverNamespace, "load", typeof(SkbTracer).Assembly.Location, "--program", program,
            "--set", $"WatchedIfindex={ifindex}", "--set", $"WatchedMtu={WatchedMtu}", "--set", $"WatchedLength={EchoRequestLength}");

    /// <summary>Pings the receiver with echo requests of <see cref="PingPayload"/> bytes; returns how many replies came back.</summary>
    private int PingWatched(int count)
    {
        var result = Run.Command("nsenter", $"--net=/run/netns/{veth.SenderNamespace}", "ping", "-c", count.ToString(CultureInfo.InvariantCulture),
            "-i", "0.1", "-W", "1", "-s", PingPayload.ToString(CultureInfo.InvariantCulture), VethPair.ReceiverAddress);
        var summary = result.Stdout.Split('\n').FirstOrDefault(l => l.Contains("received", StringComparison.Ordinal)) ?? "";
        var parts = summary.Split(',', StringSplitOptions.TrimEntries);
        Assert.True(parts.Length > 1, $"ping said: {result}");
        return int.Parse(parts[1].Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private static uint LinkId(string loadOutput, string section)
    {
        var marker = $"to {section} (tracing_link id ";
        var start = loadOutput.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"load said: {loadOutput}");
        start += marker.Length;
        return uint.Parse(loadOutput[start..loadOutput.IndexOf(')', start)], CultureInfo.InvariantCulture);
    }

    private static SkbTally Tally(PinnedMap tallies, uint slot)
    {
        var value = new byte[tallies.ValueBufferSize];
        Assert.True(tallies.Lookup(BitConverter.GetBytes(slot), value));
        return new SkbTally
        {
            Packets = BitConverter.ToUInt64(value, 0),
            Bytes = BitConverter.ToUInt64(value, 8),
            OfWatchedLength = BitConverter.ToUInt64(value, 16),
            HashSum = BitConverter.ToUInt64(value, 24),
        };
    }

    public void Dispose()
    {
        veth.Dispose();
        pins?.Dispose();
    }
}
