using TraitsBpf.Loader.Attach;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Pins;
using TraitsBpf.Loader.Tests.Infrastructure;

namespace TraitsBpf.Loader.Tests;

/// <summary>What a traitsbpf process killed in mid-attach leaves behind is cleaned up by the next one.</summary>
[Collection(PinRootCollection.Name)]
public sealed class StaleWorkTests : IDisposable
{
    private readonly string _interface = UniqueName.Next() + "k";
    private readonly string _peer;
    private string? _staging;

    public StaleWorkTests()
    {
        Privileges.RequireRoot();
        _peer = _interface[..^1] + "p";
        // No traffic is sent: the pair only gives the XDP link an interface to hold on to.
        Run.Command("ip", "link", "add", _interface, "type", "veth", "peer", "name", _peer).EnsureSuccess();
    }

    [Fact]
    public void A_staging_directory_of_a_dead_process_is_detached_and_removed()
    {
        // One above pid_max: no process can have it.
        var deadPid = int.Parse(File.ReadAllText("/proc/sys/kernel/pid_max").Trim()) + 1;
        _staging = $"{PinLayout.DefaultRoot}/_staging-{_interface}-xdp-{deadPid}";
        using (var obj = BpfObject.Open(ClangObjects.Path("xdp_counter")))
        {
            obj.Load();
            BpfFileSystem.EnsureMounted();
            BpfFileSystem.CreatePrivateDirectory(PinLayout.DefaultRoot);
            BpfFileSystem.CreatePrivateDirectory(_staging);
            using var link = XdpHook.AttachLink(obj.Program("xdp_count").Fd, NetworkInterfaces.IndexOf(_interface), XdpMode.Generic, _interface);
            PinnedDescriptor.Pin(link.Fd, Path.Combine(_staging, PinLayout.LinkPin), "the test's link");
        }
        Assert.Contains("prog/xdp", Link(), StringComparison.Ordinal);

        var detach = Traitsbpf.Run("detach", "--iface", _interface);

        Assert.True(detach.ExitCode == 10, detach.ToString());
        Assert.False(Directory.Exists(_staging), detach.ToString());
        Assert.False(Directory.Exists(_staging));
        Assert.DoesNotContain("prog/xdp", Link(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Run.Command("ip", "link", "del", _interface);
        if (_staging is not null && Directory.Exists(_staging))
            Directory.Delete(_staging, recursive: true);
    }

    private string Link() => Run.Command("ip", "-d", "link", "show", "dev", _interface).EnsureSuccess().Stdout;
}
