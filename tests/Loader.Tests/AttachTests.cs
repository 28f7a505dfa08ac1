using System.Text.Json;
using TraitsBpf.Loader.Tests.Infrastructure;

namespace TraitsBpf.Loader.Tests;

/// <summary>
/// traitsbpf load/list/maps/detach against real veth pairs in throwaway namespaces, with
/// real traffic: the programs must run (their counters move), list must report them, and
/// detach must leave the interface and the pin directory clean.
/// </summary>
public sealed class AttachTests
{
    [Theory]
    [InlineData("native")]
    [InlineData("generic")]
    public void Xdp_counts_real_udp_packets_is_listed_and_detaches_cleanly(string mode)
    {
        using var veth = new VethPair();
        var name = veth.AttachmentName("xdp");

        var load = veth.Traitsbpf("load", ClangObjects.Path("xdp_counter"), "--iface", veth.ReceiverInterface, "--xdp-mode", mode, "--name", name);
        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.Equal(mode == "native" ? 1 : 2, veth.ReceiverXdpMode());

        veth.SendUdp(25, 9999);
        Assert.True(Traitsbpf.MapValue(veth.ReceiverNamespace, name, "counters", 0) >= 25);
        Assert.True(Traitsbpf.MapValue(veth.ReceiverNamespace, name, "percpu_packets", 0) >= 25);

        var entry = ListEntry(veth, name);
        Assert.Equal(veth.ReceiverInterface, entry.GetProperty("interface").GetString());
        Assert.Equal("xdp", entry.GetProperty("hook").GetString());
        Assert.Equal(mode, entry.GetProperty("xdpMode").GetString());
        Assert.Equal("bpf_link", entry.GetProperty("method").GetString());
        Assert.Equal("active", entry.GetProperty("state").GetString());
        Assert.Contains("link", entry.GetProperty("pins").EnumerateArray().Select(p => p.GetString()));
        Assert.Contains(entry.GetProperty("programId").GetUInt32().ToString(), veth.ReceiverLink(), StringComparison.Ordinal);

        var detach = veth.Traitsbpf("detach", "--iface", veth.ReceiverInterface);
        Assert.True(detach.ExitCode == 0, detach.ToString());
        Assert.Equal(0, veth.ReceiverXdpMode());
        Assert.DoesNotContain("prog/xdp", veth.ReceiverLink(), StringComparison.Ordinal);
        Assert.False(VethPair.Pinned(name));
        Assert.Equal(2, veth.Ping(2));
    }

    [Fact]
    public void Xdp_attachment_outlives_the_command_and_counts_ping()
    {
        using var veth = new VethPair();
        var name = veth.DefaultAttachmentName("xdp");

        veth.Traitsbpf("load", ClangObjects.Path("xdp_counter"), "--iface", veth.ReceiverInterface).EnsureSuccess();
        // The loading process has exited; only the pins keep the program attached.
        Assert.Equal(3, veth.Ping(3));

        var directory = Path.Combine("/sys/fs/bpf/traitsbpf", name);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode("/sys/fs/bpf/traitsbpf"));
        Assert.All(Directory.EnumerateDirectories(directory, "*", SearchOption.AllDirectories).Append(directory),
            d => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(d)));
        var pins = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).ToList();
        Assert.Equal(["attachment", "link", "maps/counters", "maps/percpu_packets", "maps/xdp_coun_rodata", "program"],
            pins.Select(p => Path.GetRelativePath(directory, p)).Order(StringComparer.Ordinal));
        Assert.All(pins, p => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(p)));

        Assert.True(Traitsbpf.MapValue(veth.ReceiverNamespace, name, "counters", 0) >= 3);
        veth.Traitsbpf("detach", "--iface", veth.ReceiverInterface, "--name", name).EnsureSuccess();
        Assert.False(VethPair.Pinned(name));
    }

    [Theory]
    [InlineData("ingress")]
    [InlineData("egress")]
    public void Tc_counts_packets_and_detach_removes_the_qdisc_it_created(string direction)
    {
        using var veth = new VethPair();
        var name = veth.AttachmentName("tc");

        var load = veth.Traitsbpf("load", ClangObjects.Path("tc_counter"), "--iface", veth.ReceiverInterface, "--tc", direction, "--name", name);
        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.Contains("clsact", veth.ReceiverQdiscs(), StringComparison.Ordinal);
        Assert.Contains("tc_count", veth.ReceiverFilters(direction), StringComparison.Ordinal);

        Assert.Equal(4, veth.Ping(4));
        Assert.True(Traitsbpf.MapValue(veth.ReceiverNamespace, name, "tc_packets", 0) >= 4);
        var entry = ListEntry(veth, name);
        Assert.Equal($"tc-{direction}", entry.GetProperty("hook").GetString());
        Assert.Equal("tc_filter", entry.GetProperty("method").GetString());

        veth.Traitsbpf("detach", "--iface", veth.ReceiverInterface, "--name", name).EnsureSuccess();
        Assert.DoesNotContain("clsact", veth.ReceiverQdiscs(), StringComparison.Ordinal);
        Assert.Equal("", veth.ReceiverFilters(direction).Trim());
        Assert.False(VethPair.Pinned(name));
    }

    [Fact]
    public void Detach_leaves_another_tools_filter_on_a_clsact_qdisc_it_found()
    {
        using var veth = new VethPair();
        var name = veth.AttachmentName("tc");
        veth.Tc("qdisc", "add", "dev", veth.ReceiverInterface, "clsact").EnsureSuccess();
        veth.Tc("filter", "add", "dev", veth.ReceiverInterface, "ingress", "prio", "7", "bpf", "da", "obj", ClangObjects.Path("tc_counter"), "sec", "tc").EnsureSuccess();

        veth.Traitsbpf("load", ClangObjects.Path("tc_counter"), "--iface", veth.ReceiverInterface, "--tc", "ingress", "--name", name).EnsureSuccess();
        veth.Traitsbpf("detach", "--iface", veth.ReceiverInterface).EnsureSuccess();

        Assert.Contains("clsact", veth.ReceiverQdiscs(), StringComparison.Ordinal);
        var filters = veth.ReceiverFilters("ingress");
        Assert.Contains("pref 7 bpf", filters, StringComparison.Ordinal);
        Assert.Contains("tc_counter.o:[tc]", filters, StringComparison.Ordinal);
        Assert.DoesNotContain("tc_count:[", filters, StringComparison.Ordinal);
        Assert.False(VethPair.Pinned(name));
    }

    [Fact]
    public void Detach_keeps_the_qdisc_it_created_while_another_tool_has_a_filter_on_it()
    {
        using var veth = new VethPair();
        var name = veth.AttachmentName("tc");
        veth.Traitsbpf("load", ClangObjects.Path("tc_counter"), "--iface", veth.ReceiverInterface, "--tc", "egress", "--name", name).EnsureSuccess();
        veth.Tc("filter", "add", "dev", veth.ReceiverInterface, "ingress", "prio", "7", "bpf", "da", "obj", ClangObjects.Path("tc_counter"), "sec", "tc").EnsureSuccess();

        veth.Traitsbpf("detach", "--iface", veth.ReceiverInterface).EnsureSuccess();

        Assert.Contains("clsact", veth.ReceiverQdiscs(), StringComparison.Ordinal);
        Assert.Contains("tc_counter.o:[tc]", veth.ReceiverFilters("ingress"), StringComparison.Ordinal);
        Assert.Equal("", veth.ReceiverFilters("egress").Trim());
    }

    [Fact]
    public void Last_traitsbpf_detach_removes_the_qdisc_even_when_another_attachment_created_it()
    {
        using var veth = new VethPair();
        var first = veth.AttachmentName("in");
        var second = veth.AttachmentName("out");
        veth.Traitsbpf("load", ClangObjects.Path("tc_counter"), "--iface", veth.ReceiverInterface, "--tc", "ingress", "--name", first).EnsureSuccess();
        veth.Traitsbpf("load", ClangObjects.Path("tc_counter"), "--iface", veth.ReceiverInterface, "--tc", "egress", "--name", second).EnsureSuccess();

        veth.Traitsbpf("detach", "--name", first).EnsureSuccess();
        Assert.Contains("clsact", veth.ReceiverQdiscs(), StringComparison.Ordinal);
        veth.Traitsbpf("detach", "--name", second).EnsureSuccess();

        Assert.DoesNotContain("clsact", veth.ReceiverQdiscs(), StringComparison.Ordinal);
    }

    [Fact]
    public void Detaching_an_interface_removes_the_qdisc_even_when_its_creator_is_removed_first()
    {
        using var veth = new VethPair();
        // Detach takes attachments in name order, so the one that created the qdisc goes first.
        var creator = veth.AttachmentName("a");
        var other = veth.AttachmentName("b");
        veth.Traitsbpf("load", ClangObjects.Path("tc_counter"), "--iface", veth.ReceiverInterface, "--tc", "ingress", "--name", creator).EnsureSuccess();
        veth.Traitsbpf("load", ClangObjects.Path("tc_counter"), "--iface", veth.ReceiverInterface, "--tc", "egress", "--name", other).EnsureSuccess();

        veth.Traitsbpf("detach", "--iface", veth.ReceiverInterface).EnsureSuccess();

        Assert.DoesNotContain("clsact", veth.ReceiverQdiscs(), StringComparison.Ordinal);
        Assert.False(VethPair.Pinned(creator));
        Assert.False(VethPair.Pinned(other));
    }

    [Fact]
    public void Replace_swaps_the_program_atomically_on_the_same_link()
    {
        using var veth = new VethPair();
        var name = veth.AttachmentName("xdp");
        veth.Traitsbpf("load", ClangObjects.Path("xdp_counter"), "--iface", veth.ReceiverInterface, "--name", name).EnsureSuccess();
        var before = ListEntry(veth, name);
        var linkBefore = LinkId(name);
        Assert.Equal(2, veth.Ping(2));

        var replace = veth.Traitsbpf("load", ClangObjects.Path("xdp_counter"), "--iface", veth.ReceiverInterface, "--name", name, "--replace", "--set", "verdict=1");
        Assert.True(replace.ExitCode == 0, replace.ToString());

        var after = ListEntry(veth, name);
        Assert.NotEqual(before.GetProperty("programId").GetUInt32(), after.GetProperty("programId").GetUInt32());
        Assert.Equal(linkBefore, LinkId(name));
        Assert.Contains($"prog/xdp id {after.GetProperty("programId").GetUInt32()}", veth.ReceiverLink(), StringComparison.Ordinal);
        Assert.Equal(0, veth.Ping(2)); // verdict=1 is XDP_DROP
        Assert.True(Traitsbpf.MapValue(veth.ReceiverNamespace, name, "counters", 0) >= 2);

        veth.Traitsbpf("detach", "--name", name).EnsureSuccess();
        Assert.Equal(0, veth.ReceiverXdpMode());
    }

    [Fact]
    public void Replace_of_a_tc_attachment_keeps_its_handle_and_priority()
    {
        using var veth = new VethPair();
        var name = veth.AttachmentName("tc");
        veth.Traitsbpf("load", ClangObjects.Path("tc_counter"), "--iface", veth.ReceiverInterface, "--tc", "ingress", "--name", name).EnsureSuccess();
        var before = ListEntry(veth, name);

        veth.Traitsbpf("load", ClangObjects.Path("verdicts"), "--program", "tc_verdict", "--iface", veth.ReceiverInterface, "--tc", "ingress", "--name", name, "--replace").EnsureSuccess();

        var after = ListEntry(veth, name);
        Assert.Equal("tc_verdict", after.GetProperty("program").GetString());
        Assert.Equal(before.GetProperty("tcHandle").GetUInt32(), after.GetProperty("tcHandle").GetUInt32());
        Assert.Equal(before.GetProperty("tcPriority").GetUInt32(), after.GetProperty("tcPriority").GetUInt32());
        var filters = veth.ReceiverFilters("ingress");
        Assert.Contains("tc_verdict", filters, StringComparison.Ordinal);
        Assert.DoesNotContain("tc_count", filters, StringComparison.Ordinal);
        veth.Traitsbpf("detach", "--name", name).EnsureSuccess();
        Assert.DoesNotContain("clsact", veth.ReceiverQdiscs(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_attachment_whose_interface_vanished_is_listed_as_gone_and_detach_removes_its_pins()
    {
        using var veth = new VethPair();
        var name = veth.AttachmentName("xdp");
        veth.Traitsbpf("load", ClangObjects.Path("xdp_counter"), "--iface", veth.ReceiverInterface, "--name", name).EnsureSuccess();

        veth.IpInReceiver("link", "del", veth.ReceiverInterface).EnsureSuccess();

        Assert.Equal("interface-gone", ListEntry(veth, name).GetProperty("state").GetString());
        var detach = veth.Traitsbpf("detach", "--iface", veth.ReceiverInterface);
        Assert.True(detach.ExitCode == 0, detach.ToString());
        Assert.False(VethPair.Pinned(name));
    }

    [Fact]
    public void List_from_another_namespace_marks_the_attachment_as_elsewhere_and_detach_there_leaves_it()
    {
        using var veth = new VethPair();
        var name = veth.AttachmentName("xdp");
        veth.Traitsbpf("load", ClangObjects.Path("xdp_counter"), "--iface", veth.ReceiverInterface, "--name", name).EnsureSuccess();

        var fromSender = Traitsbpf.RunIn(veth.SenderNamespace, "list", "--json").EnsureSuccess();
        var entry = JsonDocument.Parse(fromSender.Stdout).RootElement.EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        Assert.Equal("other-netns", entry.GetProperty("state").GetString());

        var detach = Traitsbpf.RunIn(veth.SenderNamespace, "detach", "--name", name);
        Assert.Equal(10, detach.ExitCode);
        Assert.Contains("belongs to another network namespace", detach.Stderr, StringComparison.Ordinal);
        Assert.True(VethPair.Pinned(name));
        Assert.Equal(1, veth.ReceiverXdpMode());
    }

    internal static JsonElement ListEntry(VethPair veth, string name)
    {
        var list = veth.Traitsbpf("list", "--json").EnsureSuccess();
        return JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray().Single(e => e.GetProperty("name").GetString() == name).Clone();
    }

    private static uint LinkId(string name)
    {
        var show = Run.Command("bpftool", "link", "show", "pinned", $"/sys/fs/bpf/traitsbpf/{name}/link", "--json").EnsureSuccess();
        return JsonDocument.Parse(show.Stdout).RootElement.GetProperty("id").GetUInt32();
    }
}
