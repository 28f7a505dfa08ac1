using Microsoft.Extensions.Logging.Abstractions;
using TraitsBpf.Loader.Attach;
using TraitsBpf.Loader.Attach.Kinds;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Loading;
using TraitsBpf.Loader.Pins;
using TraitsBpf.Loader.Tests.Infrastructure;

namespace TraitsBpf.Loader.Tests;

/// <summary>
/// The load sequence's steps and the attach kind table, seen from the caller: which steps a
/// request runs, and which kind a hook or a record gets. Attaching through the sequence is
/// covered end to end by the CLI tests (load is its only attaching caller).
/// </summary>
public sealed class LoadSequenceTests
{
    [Fact]
    public void Every_attach_method_has_its_own_kind_named_as_load_and_list_print_it()
    {
        var names = Enum.GetValues<AttachMethod>().ToDictionary(m => m, AttachmentDescription.MethodName);

        Assert.Equal(new Dictionary<AttachMethod, string>
        {
            [AttachMethod.XdpLink] = "bpf_link",
            [AttachMethod.XdpNetlink] = "netlink",
            [AttachMethod.TcFilter] = "tc_filter",
            [AttachMethod.TcxLink] = "tcx_link",
            [AttachMethod.TracingLink] = "tracing_link",
            [AttachMethod.XdpDispatcher] = "xdp_dispatcher",
            [AttachMethod.CgroupLink] = "cgroup_link",
        }, names);
        Assert.All(Enum.GetValues<AttachMethod>(), m => Assert.Equal(m, AttachKinds.Of(m).Method));
    }

    [Fact]
    public void A_new_attachment_takes_the_first_kind_that_serves_its_hook_on_the_kernel()
    {
        var withLinks = KernelFeatures.Current with { XdpLinks = true, TcxLinks = true };
        var withoutLinks = KernelFeatures.Current with { XdpLinks = false, TcxLinks = false };

        Assert.Equal(AttachMethod.XdpLink, AttachKinds.For(AttachHook.Xdp, withLinks).Method);
        Assert.Equal(AttachMethod.XdpNetlink, AttachKinds.For(AttachHook.Xdp, withoutLinks).Method);
        Assert.Equal(AttachMethod.TcxLink, AttachKinds.For(AttachHook.TcIngress, withLinks).Method);
        Assert.Equal(AttachMethod.TcxLink, AttachKinds.For(AttachHook.TcEgress, withLinks).Method);
        Assert.Equal(AttachMethod.TcFilter, AttachKinds.For(AttachHook.TcIngress, withoutLinks).Method);
        Assert.Equal(AttachMethod.TcFilter, AttachKinds.For(AttachHook.TcEgress, withoutLinks).Method);
        // A member of libxdp's dispatcher only when the program was loaded to join one, whatever the kernel offers.
        Assert.Equal(AttachMethod.XdpDispatcher, AttachKinds.For(AttachHook.Xdp, withLinks, joinsDispatcher: true).Method);
        Assert.Equal(AttachMethod.XdpDispatcher, AttachKinds.For(AttachHook.Xdp, withoutLinks, joinsDispatcher: true).Method);
        Assert.Equal(AttachMethod.CgroupLink, AttachKinds.For(AttachHook.Cgroup, withoutLinks).Method);
    }

    [Fact]
    public void A_request_without_a_target_loads_with_its_constants_and_stops_before_attaching()
    {
        Privileges.RequireRoot();
        var root = Path.Combine(BpfFileSystem.MountPoint, "traitsbpf-seqtest-" + UniqueName.Next());
        var path = ClangObjects.Path("xdp_counter");
        var sequence = new LoadSequence(new Attachments(root, NullLogger.Instance), NullLogger.Instance);

        using var loaded = sequence.Run(new LoadRequest(() => new ObjectImage("xdp_counter", File.ReadAllBytes(path), path))
        {
            Constants = [new("verdict", "1")],
        });

        Assert.True(loaded.Object.IsLoaded);
        Assert.Equal("xdp_count", loaded.Program.Name);
        Assert.Null(loaded.Record);
        Assert.Equal(1u, loaded.Program.TestRun(Packets.Udp(9)).ReturnValue);
        Assert.False(Directory.Exists(root));
    }

    [Fact]
    public void A_missing_interface_is_reported_before_the_object_is_read()
    {
        var opened = false;
        var sequence = new LoadSequence(new Attachments(NullLogger.Instance), NullLogger.Instance);

        var e = Assert.Throws<LoaderException>(() => sequence.Run(new LoadRequest(() =>
        {
            opened = true;
            throw new InvalidOperationException("the open step must not run");
        })
        {
            Target = new AttachTarget("tbpf-absent0", AttachHook.Xdp),
        }));

        Assert.Equal(LoaderErrorKind.InterfaceNotFound, e.Kind);
        Assert.False(opened);
    }
}
