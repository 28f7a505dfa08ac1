using System.Text.Json;
using TraitsBpf.Loader.Tests.Infrastructure;

namespace TraitsBpf.Loader.Tests;

/// <summary>
/// traitsbpf load/list/maps/detach of XDP programs against real veth pairs in throwaway namespaces,
/// with real traffic: the programs must run (their counters move), list must report them, and
/// detach must leave the interface and the pin directory clean. TC is in <see cref="TcAttachTests"/>.
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

    [Fact]
    public void Replace_swaps_the_program_atomically_on_the_same_link()
    {
        using var veth = new VethPair();
        var name = veth.AttachmentName("xdp");
        veth.Traitsbpf("load", ClangObjects.Path("xdp_counter"), "--iface", veth.ReceiverInterface, "--name", name).EnsureSuccess();
        var before = ListEntry(veth, name);
        var linkBefore = LinkId(name);
        Assert.Equal(linkBefore, before.GetProperty("linkId").GetUInt32());
        Assert.Equal(2, veth.Ping(2));

        var replace = veth.Traitsbpf("load", ClangObjects.Path("xdp_counter"), "--iface", veth.ReceiverInterface, "--name", name, "--replace", "--set", "verdict=1");
        Assert.True(replace.ExitCode == 0, replace.ToString());

        var after = ListEntry(veth, name);
        Assert.NotEqual(before.GetProperty("programId").GetUInt32(), after.GetProperty("programId").GetUInt32());
        Assert.Equal(linkBefore, LinkId(name));
        Assert.Equal(linkBefore, after.GetProperty("linkId").GetUInt32());
        Assert.Contains($"prog/xdp id {after.GetProperty("programId").GetUInt32()}", veth.ReceiverLink(), StringComparison.Ordinal);
        Assert.Equal(0, veth.Ping(2)); // verdict=1 is XDP_DROP
        Assert.True(Traitsbpf.MapValue(veth.ReceiverNamespace, name, "counters", 0) >= 2);

        veth.Traitsbpf("detach", "--name", name).EnsureSuccess();
        Assert.Equal(0, veth.ReceiverXdpMode());
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
