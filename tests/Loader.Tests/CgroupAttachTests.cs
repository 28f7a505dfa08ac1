using System.Globalization;
using TraitsBpf.Loader.Tests.Infrastructure;
using TraitsBpf.Samples;

namespace TraitsBpf.Loader.Tests;

/// <summary>
/// Cgroup socket-address programs through the traitsbpf command: <c>load --cgroup</c> attaches the UdpSendPolicy sample to
/// a cgroup of the test's own (in a private cgroup v2 mount) through pinned cgroup links, <c>list</c> shows the cgroup
/// and the hooks, a process moved into the cgroup sees the policy on real datagrams (over the loopback of a network
/// namespace of the test's), and <c>detach --cgroup</c> ends it, leaving another tool's program on the same hook alone.
/// </summary>
public sealed class CgroupAttachTests : IDisposable
{
    private readonly VethPair veth = new();
    private readonly PrivatePinRoot pins;
    private readonly PrivateCgroup cgroup;

    public CgroupAttachTests()
    {
        try
        {
            pins = new PrivatePinRoot();
            cgroup = new PrivateCgroup();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private static string Samples => typeof(UdpSendPolicy).Assembly.Location;

    [Fact]
    public void The_sample_refuses_and_moves_sends_of_the_cgroups_processes_until_it_is_detached()
    {
        Assert.Equal("received on 9999; reply from 9999", SendInCgroup(UdpSendPolicy.BlockedPort, UdpSendPolicy.BlockedPort));

        var send = Load("udp_send_policy");
        var receive = Load("udp_recv_policy");
        Assert.Contains($"to {cgroup.Path} at cgroup/sendmsg4 (cgroup_link id ", send, StringComparison.Ordinal);
        Assert.Contains($"to {cgroup.Path} at cgroup/recvmsg4 (cgroup_link id ", receive, StringComparison.Ordinal);
        var list = pins.Traitsbpf(veth.ReceiverNamespace, "list").EnsureSuccess().Stdout;
        Assert.Contains($"{cgroup.Path} (cgroup v2)", list, StringComparison.Ordinal);
        Assert.Contains($"udp_send_policy-cgroup: cgroup/sendmsg4 (cgroup_link id {LinkId(send)}), program 'udp_send_policy' id {ProgramId(send)}, active", list, StringComparison.Ordinal);
        Assert.Contains($"udp_recv_policy-cgroup: cgroup/recvmsg4 (cgroup_link id {LinkId(receive)}), program 'udp_recv_policy' id {ProgramId(receive)}, active", list, StringComparison.Ordinal);

        Assert.Equal("refused: EPERM", SendInCgroup(UdpSendPolicy.BlockedPort, UdpSendPolicy.BlockedPort));
        Assert.Equal($"received on {UdpSendPolicy.NewPort}; reply from {UdpSendPolicy.MovedPort}", SendInCgroup(UdpSendPolicy.MovedPort, UdpSendPolicy.NewPort));
        using (var decisions = PinnedMap.Open(Path.Combine(pins.Root, "udp_send_policy-cgroup", "maps", "Decisions")))
        {
            Assert.Equal(1UL, Counter(decisions, UdpSendPolicy.Refused));
            Assert.Equal(1UL, Counter(decisions, UdpSendPolicy.Moved));
        }

        var detach = pins.Traitsbpf(veth.ReceiverNamespace, "detach", "--cgroup", cgroup.Path).EnsureSuccess().Stdout;
        Assert.Contains($"detached 'udp_send_policy-cgroup' (program 'udp_send_policy' id {ProgramId(send)}) from {cgroup.Path}", detach, StringComparison.Ordinal);
        Assert.Contains($"detached 'udp_recv_policy-cgroup' (program 'udp_recv_policy' id {ProgramId(receive)}) from {cgroup.Path}", detach, StringComparison.Ordinal);
        Assert.False(pins.Pinned("udp_send_policy-cgroup"));
        Assert.DoesNotContain("udp_", Run.Command("bpftool", "cgroup", "show", cgroup.Path).EnsureSuccess().Stdout, StringComparison.Ordinal);
        Assert.Equal("received on 9999; reply from 9999", SendInCgroup(UdpSendPolicy.BlockedPort, UdpSendPolicy.BlockedPort));
        Assert.Equal($"nothing received on {UdpSendPolicy.NewPort}", SendInCgroup(UdpSendPolicy.MovedPort, UdpSendPolicy.NewPort));
    }

    [Fact]
    public void The_IPv6_programs_refuse_and_move_the_sends_of_IPv6_sockets()
    {
        Assert.Equal("received on 9999; reply from 9999", SendInCgroup(UdpSendPolicy.BlockedPort, UdpSendPolicy.BlockedPort, ipv6: true));

        var send = Load("udp6_send_policy");
        var receive = Load("udp6_recv_policy");
        Assert.Contains($"to {cgroup.Path} at cgroup/sendmsg6 (cgroup_link id ", send, StringComparison.Ordinal);
        Assert.Contains($"to {cgroup.Path} at cgroup/recvmsg6 (cgroup_link id ", receive, StringComparison.Ordinal);

        Assert.Equal("refused: EPERM", SendInCgroup(UdpSendPolicy.BlockedPort, UdpSendPolicy.BlockedPort, ipv6: true));
        Assert.Equal($"received on {UdpSendPolicy.NewPort}; reply from {UdpSendPolicy.MovedPort}", SendInCgroup(UdpSendPolicy.MovedPort, UdpSendPolicy.NewPort, ipv6: true));

        // The v6 programs leave IPv4 sockets alone.
        Assert.Equal("received on 9999; reply from 9999", SendInCgroup(UdpSendPolicy.BlockedPort, UdpSendPolicy.BlockedPort));
        using (var decisions = PinnedMap.Open(Path.Combine(pins.Root, "udp6_send_policy-cgroup", "maps", "Decisions")))
        {
            Assert.Equal(1UL, Counter(decisions, UdpSendPolicy.Refused));
            Assert.Equal(1UL, Counter(decisions, UdpSendPolicy.Moved));
        }

        pins.Traitsbpf(veth.ReceiverNamespace, "detach", "--cgroup", cgroup.Path).EnsureSuccess();
        Assert.Equal("received on 9999; reply from 9999", SendInCgroup(UdpSendPolicy.BlockedPort, UdpSendPolicy.BlockedPort, ipv6: true));
    }

    [Fact]
    public void A_cgroup_skb_program_drops_the_cgroups_packets_at_egress_until_it_is_detached()
    {
        Assert.Equal("received on 9; reply from 9", SendInCgroup(CSharp.CgroupSkbPrograms.DroppedPort, CSharp.CgroupSkbPrograms.DroppedPort));

        var load = pins.Traitsbpf(veth.ReceiverNamespace, "load", typeof(CSharp.CgroupSkbPrograms).Assembly.Location, "--program", "cg_drop_discard", "--cgroup", cgroup.Path).EnsureSuccess().Stdout;
        Assert.Contains($"to {cgroup.Path} at cgroup_skb/egress (cgroup_link id ", load, StringComparison.Ordinal);
        Assert.Contains("cg_drop_discard-cgroup: cgroup_skb/egress (cgroup_link id ", pins.Traitsbpf(veth.ReceiverNamespace, "list").EnsureSuccess().Stdout, StringComparison.Ordinal);
        Assert.Contains("egress", Run.Command("bpftool", "cgroup", "show", cgroup.Path).EnsureSuccess().Stdout, StringComparison.Ordinal);

        Assert.Equal("refused: EPERM", SendInCgroup(CSharp.CgroupSkbPrograms.DroppedPort, CSharp.CgroupSkbPrograms.DroppedPort));
        Assert.Equal("received on 9999; reply from 9999", SendInCgroup(9999, 9999));
        using (var dropped = PinnedMap.Open(Path.Combine(pins.Root, "cg_drop_discard-cgroup", "maps", "Dropped")))
        {
            Assert.Equal(1UL, Counter(dropped, 0));
        }

        pins.Traitsbpf(veth.ReceiverNamespace, "detach", "--cgroup", cgroup.Path).EnsureSuccess();
        Assert.False(pins.Pinned("cg_drop_discard-cgroup"));
        Assert.Equal("received on 9; reply from 9", SendInCgroup(CSharp.CgroupSkbPrograms.DroppedPort, CSharp.CgroupSkbPrograms.DroppedPort));
    }

    [Fact]
    public void Detach_by_cgroup_leaves_another_tools_program_on_the_same_hook()
    {
        // Another tool's attachment: the sample's program loaded and attached by bpftool, the old way (BPF_PROG_ATTACH, multi).
        var foreign = Path.Combine(pins.Mount, "foreign");
        var obj = Path.Combine(pins.Mount, "..", $"{Path.GetFileName(pins.Mount)}-foreign.o");
        File.WriteAllBytes(obj, Compiler.BpfCompiler.Compile(Samples, new Compiler.CompilerOptions { Programs = ["udp_send_policy"] }).Object);
        try
        {
            Run.Command("bpftool", "prog", "loadall", obj, foreign).EnsureSuccess();
            Run.Command("bpftool", "cgroup", "attach", cgroup.Path, "sendmsg4", "pinned", Path.Combine(foreign, "udp_send_policy"), "multi").EnsureSuccess();
            var ours = ProgramId(Load("udp_send_policy"));
            Assert.Equal(2, Programs(cgroup.Path).Count(l => l.Contains("udp_send_policy", StringComparison.Ordinal)));

            pins.Traitsbpf(veth.ReceiverNamespace, "detach", "--cgroup", cgroup.Path).EnsureSuccess();

            var left = Programs(cgroup.Path).Where(l => l.Contains("udp_send_policy", StringComparison.Ordinal)).ToList();
            Assert.Single(left);
            Assert.DoesNotContain(ours.ToString(CultureInfo.InvariantCulture), left[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], StringComparison.Ordinal);
            Assert.Equal("refused: EPERM", SendInCgroup(UdpSendPolicy.BlockedPort, UdpSendPolicy.BlockedPort));
        }
        finally
        {
            File.Delete(obj);
        }
    }

    [Fact]
    public void A_path_that_is_not_a_cgroup_v2_directory_is_one_sentence_and_nothing_is_attached()
    {
        var plain = Directory.CreateTempSubdirectory("tbpf-not-a-cgroup-").FullName;
        try
        {
            foreach (var (path, why) in new[] { (plain, "it is not on a cgroup2 filesystem"), (Path.Combine(plain, "missing"), "it does not exist") })
            {
                var load = pins.Traitsbpf(veth.ReceiverNamespace, "load", Samples, "--program", "udp_send_policy", "--cgroup", path);
                Assert.Equal(2, load.ExitCode);
                Assert.Contains($"'{path}' is not a cgroup v2 directory: {why}", load.Stderr, StringComparison.Ordinal);
                Assert.Single(load.Stderr.Trim().Split('\n'));
                Assert.False(pins.Pinned("udp_send_policy-cgroup"));
            }
            Assert.Contains("traitsbpf has nothing attached", pins.Traitsbpf(veth.ReceiverNamespace, "list").EnsureSuccess().Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(plain, recursive: true);
        }
    }

    [Fact]
    public void A_program_that_is_not_a_cgroup_program_is_refused_at_a_cgroup()
    {
        var load = pins.Traitsbpf(veth.ReceiverNamespace, "load", Samples, "--program", "port_filter", "--cgroup", cgroup.Path);
        Assert.NotEqual(0, load.ExitCode);
        Assert.Contains("is a Xdp program; --cgroup attaches programs for a cgroup's socket-address hooks (cgroup/sendmsg4, ...) and skb hooks (cgroup_skb/ingress, cgroup_skb/egress)", load.Stderr, StringComparison.Ordinal);
        Assert.Contains("traitsbpf has nothing attached", pins.Traitsbpf(veth.ReceiverNamespace, "list").EnsureSuccess().Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_program_that_reaches_a_datagrams_traits_needs_the_packet_traits_kernel_and_says_so_in_one_sentence()
    {
        // cgroup/sendmsg4 traits exist only as the series' bpf_sock_addr_trait_* kfuncs: the host's 6.18 has none.
        var stamp = typeof(TestSupport.SockAddr.ServiceStamp).Assembly.Location;
        var auto = pins.Traitsbpf(veth.ReceiverNamespace, "load", stamp, "--program", "service_stamp4", "--cgroup", cgroup.Path);
        Assert.NotEqual(0, auto.ExitCode);
        Assert.Contains("ServiceStamp.cs:", auto.Stderr, StringComparison.Ordinal);
        Assert.Contains("'ctx.Traits.Set' at a cgroup socket-address hook needs the kfunc backend", auto.Stderr, StringComparison.Ordinal);

        var kfunc = pins.Traitsbpf(veth.ReceiverNamespace, "load", stamp, "--program", "service_stamp4", "--cgroup", cgroup.Path, "--traits", "kfunc");
        Assert.NotEqual(0, kfunc.ExitCode);
        Assert.Contains("calls kfunc bpf_sock_addr_trait_set at ", kfunc.Stderr, StringComparison.Ordinal);
        Assert.Contains("which this kernel (", kfunc.Stderr, StringComparison.Ordinal);
        Assert.Single(kfunc.Stderr.Trim().Split('\n'));
        Assert.False(pins.Pinned("service_stamp4-cgroup"));
        Assert.Contains("traitsbpf has nothing attached", pins.Traitsbpf(veth.ReceiverNamespace, "list").EnsureSuccess().Stdout, StringComparison.Ordinal);
    }

    private string Load(string program) =>
        pins.Traitsbpf(veth.ReceiverNamespace, "load", Samples, "--program", program, "--cgroup", cgroup.Path).EnsureSuccess().Stdout;

    /// <summary>
    /// A process moved into the cgroup sends a datagram to <paramref name="port"/> over the namespace's loopback (::1 when
    /// <paramref name="ipv6"/>), a listener on <paramref name="listen"/> answers it: what happened, in one line.
    /// </summary>
    private string SendInCgroup(int port, int listen, bool ipv6 = false) =>
        Run.Command("nsenter", [$"--net=/run/netns/{veth.ReceiverNamespace}", HostTools.Path("cgroup_udp"), cgroup.Procs,
            port.ToString(CultureInfo.InvariantCulture), listen.ToString(CultureInfo.InvariantCulture), .. ipv6 ? new[] { "6" } : []], stdin: null).EnsureSuccess().Stdout.Trim();

    private static IEnumerable<string> Programs(string path) =>
        Run.Command("bpftool", "cgroup", "show", path).EnsureSuccess().Stdout.Split('\n').Skip(1);

    private static ulong Counter(PinnedMap map, uint index)
    {
        var value = new byte[map.ValueBufferSize];
        Assert.True(map.Lookup(BitConverter.GetBytes(index), value));
        return BitConverter.ToUInt64(value);
    }

    private static uint ProgramId(string loadOutput) => Number(loadOutput, " (id ");

    private static uint LinkId(string loadOutput) => Number(loadOutput, "(cgroup_link id ");

    private static uint Number(string text, string marker)
    {
        var start = text.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"expected '{marker}' in: {text}");
        start += marker.Length;
        return uint.Parse(text[start..text.IndexOf(')', start)], CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        cgroup?.Dispose();
        veth.Dispose();
        pins?.Dispose();
    }
}
