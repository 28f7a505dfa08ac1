using Microsoft.Extensions.Logging.Abstractions;
using TraitsBpf.Loader.Attach;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Pins;
using TraitsBpf.Loader.Tests.Infrastructure;

namespace TraitsBpf.Loader.Tests;

/// <summary>
/// The netlink XDP path, which traitsbpf takes on kernels without XDP links: forced here by
/// telling the library the kernel has none. Uses a veth pair in the test's own namespace
/// (no traffic is sent), since the library attaches in the namespace of the calling process.
/// </summary>
public sealed class NetlinkXdpTests : IDisposable
{
    private readonly string _interface = UniqueName.Next() + "n";
    private readonly string _name;
    private readonly Attachments _attachments;

    public NetlinkXdpTests()
    {
        Privileges.RequireRoot();
        _name = _interface + "-xdp";
        Run.Command("ip", "link", "add", _interface, "type", "veth", "peer", "name", _interface[..^1] + "p").EnsureSuccess();
        var withoutLinks = KernelFeatures.Current with { XdpLinks = false };
        _attachments = new Attachments(PinLayout.DefaultRoot, NullLogger.Instance, withoutLinks);
    }

    [Theory]
    [InlineData(XdpMode.Native, 1)]
    [InlineData(XdpMode.Generic, 2)]
    public void Netlink_attach_is_listed_replaced_and_detached_by_the_cli(XdpMode mode, int ipMode)
    {
        var first = Attach(mode, replace: false, verdict: "2");
        Assert.Equal(AttachMethod.XdpNetlink, first.Method);
        Assert.Equal(ipMode, XdpModeOf());
        var status = _attachments.List().Single(s => s.Record.Name == _name);
        Assert.Equal(AttachmentState.Active, status.State);
        Assert.DoesNotContain(PinLayout.LinkPin, status.Pins);

        var second = Attach(mode, replace: true, verdict: "1");
        Assert.NotEqual(first.ProgramId, second.ProgramId);
        Assert.Contains($"prog/xdp id {second.ProgramId}", Link(), StringComparison.Ordinal);

        var detach = Traitsbpf.Run("detach", "--iface", _interface);
        Assert.True(detach.ExitCode == 0, detach.ToString());
        Assert.Equal(0, XdpModeOf());
        Assert.False(Directory.Exists(Path.Combine(PinLayout.DefaultRoot, _name)));
    }

    [Fact]
    public void A_program_that_displaced_ours_is_listed_as_displaced_and_left_in_place_by_detach()
    {
        Attach(XdpMode.Generic, replace: false, verdict: "2");
        Run.Command("ip", "link", "set", "dev", _interface, "xdpgeneric", "off").EnsureSuccess();
        Run.Command("ip", "link", "set", "dev", _interface, "xdpgeneric", "obj", ClangObjects.Path("verdicts"), "sec", "xdp").EnsureSuccess();

        Assert.Equal(AttachmentState.Displaced, _attachments.List().Single(s => s.Record.Name == _name).State);
        Traitsbpf.Run("detach", "--iface", _interface).EnsureSuccess();

        Assert.Contains("name xdp_verdict", Link(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(PinLayout.DefaultRoot, _name)));
    }

    public void Dispose()
    {
        Run.Command("ip", "link", "del", _interface);
        var pins = Path.Combine(PinLayout.DefaultRoot, _name);
        if (Directory.Exists(pins))
            Directory.Delete(pins, recursive: true);
    }

    private AttachmentRecord Attach(XdpMode mode, bool replace, string verdict)
    {
        using var obj = BpfObject.Open(ClangObjects.Path("xdp_counter"));
        obj.SetConstant("verdict", verdict);
        obj.Load();
        return _attachments.Attach(obj, obj.Program("xdp_count"), new AttachTarget(_interface, AttachHook.Xdp, mode), new AttachOptions(Replace: replace, Source: "test"));
    }

    private string Link() => Run.Command("ip", "-d", "link", "show", "dev", _interface).EnsureSuccess().Stdout;

    private int XdpModeOf()
    {
        var json = Run.Command("ip", "-j", "-d", "link", "show", "dev", _interface).EnsureSuccess().Stdout;
        var link = System.Text.Json.JsonDocument.Parse(json).RootElement[0];
        return link.TryGetProperty("xdp", out var xdp) && xdp.TryGetProperty("mode", out var m) ? m.GetInt32() : 0;
    }
}
