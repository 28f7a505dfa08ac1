using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using TraitsBpf.Loader.Attach;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Pins;
using TraitsBpf.Loader.Tests.Infrastructure;
using TraitsBpf.TestSupport.Host;

namespace TraitsBpf.Loader.Tests;

/// <summary>
/// TC through tcx links, the path traitsbpf takes on this kernel, driven through the traitsbpf command;
/// the kernel's view is its own BPF_PROG_QUERY of the tcx hook.
/// </summary>
public sealed class TcxAttachTests : TcAttachTests
{
    public TcxAttachTests()
    {
        if (!KernelFeatures.Current.TcxLinks)
            throw new InvalidOperationException($"kernel {KernelFeatures.Current.Release} has no tcx; these tests need Linux 6.6 or later");
    }

    protected override string Method => "tcx_link";

    protected override bool MakesQdisc => false;

    [Fact]
    public void A_tcx_link_coexists_with_another_tools_tcx_program_and_clsact_filter()
    {
        var iface = Veth.ReceiverInterface;
        var name = Veth.Id + "-tc";
        Veth.Tc("qdisc", "add", "dev", iface, "clsact").EnsureSuccess();
        Veth.Tc("filter", "add", "dev", iface, "ingress", "prio", "7", "bpf", "da", "obj", ClangObjects.Path("tc_counter"), "sec", "tc").EnsureSuccess();
        var ours = Load("tc_counter", "tc_count", "ingress", name);
        using var other = BpfObject.Open(ClangObjects.Path("verdicts"));
        other.Load();
        var otherProgram = other.Program("tc_verdict");
        using var otherLink = NetworkNamespaceThread.Run(Veth.ReceiverNamespace,
            () => TcxHook.AttachLink(otherProgram.Fd, NetworkInterfaces.IndexOf(iface), AttachHook.TcIngress, iface));

        Assert.Equal([ours.ProgramId, otherProgram.Info().Id], KernelProgramIds("ingress"));
        Assert.Contains($"{name}: tc-ingress (tcx_link id {ours.LinkId}), program 'tc_count' id {ours.ProgramId}, active",
            Pins.Traitsbpf(Veth.ReceiverNamespace, "list").EnsureSuccess().Stdout, StringComparison.Ordinal);
        Assert.Equal(3, Veth.Ping(3));
        Assert.True(Counter(name) >= 3);
        // Held open, the link outlives its pin: only detaching it takes the program off the hook.
        using var held = PinnedDescriptor.Open(Path.Combine(Pins.Root, name, PinLayout.LinkPin), "the attachment's link");

        Detach(iface, null);

        Assert.Equal([otherProgram.Info().Id], KernelProgramIds("ingress"));
        Assert.Equal(0, BpfLinks.Info(held.Fd, "the held link").Ifindex);
        Assert.Contains("pref 7 bpf", Veth.ReceiverFilters("ingress"), StringComparison.Ordinal);
        Assert.Contains("clsact", Veth.ReceiverQdiscs(), StringComparison.Ordinal);
    }

    [Fact]
    public void Before_and_after_place_a_program_among_ours_and_another_tools_and_list_shows_the_order()
    {
        var iface = Veth.ReceiverInterface;
        var first = Veth.Id + "-a";
        var second = Veth.Id + "-b";
        var a = Load("tc_counter", "tc_count", "ingress", first);
        using var other = BpfObject.Open(ClangObjects.Path("verdicts"));
        other.Load();
        var otherId = other.Program("tc_verdict").Info().Id;
        using var otherLink = NetworkNamespaceThread.Run(Veth.ReceiverNamespace,
            () => TcxHook.AttachLink(other.Program("tc_verdict").Fd, NetworkInterfaces.IndexOf(iface), AttachHook.TcIngress, iface));
        Assert.Equal([a.ProgramId, otherId], KernelProgramIds("ingress"));

        // By the other tool's program's kernel name, by our attachment's name, by program id.
        var b = LoadPlaced(second, "--after", "tc_verdict");
        Assert.Equal([a.ProgramId, otherId, b.ProgramId], KernelProgramIds("ingress"));
        Detach(null, second);
        b = LoadPlaced(second, "--before", first);
        Assert.Equal([b.ProgramId, a.ProgramId, otherId], KernelProgramIds("ingress"));
        Detach(null, second);
        b = LoadPlaced(second, "--after", a.ProgramId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal([a.ProgramId, b.ProgramId, otherId], KernelProgramIds("ingress"));

        var listed = JsonDocument.Parse(Pins.Traitsbpf(Veth.ReceiverNamespace, "list", "--json").EnsureSuccess().Stdout).RootElement
            .EnumerateArray().Single(e => e.GetProperty("name").GetString() == first).GetProperty("tcxOrder").EnumerateArray()
            .Select(p => (p.GetProperty("id").GetUInt32(), p.GetProperty("owner").GetString(), p.TryGetProperty("attachment", out var n) ? n.GetString() : null)).ToList();
        Assert.Equal([(a.ProgramId, "traitsbpf", first), (b.ProgramId, "traitsbpf", second), (otherId, "other", null)], listed);
        var text = Pins.Traitsbpf(Veth.ReceiverNamespace, "list").EnsureSuccess().Stdout;
        Assert.Contains($"""
                tcx programs on tc-ingress, in run order:
                  'tc_count' id {a.ProgramId}, traitsbpf attachment '{first}'
                  'tc_count' id {b.ProgramId}, traitsbpf attachment '{second}'
                  'tc_verdict' id {otherId}, another tool (not traitsbpf)
            """, text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_placement_next_to_a_program_not_on_the_hook_is_refused_and_attaches_nothing()
    {
        var iface = Veth.ReceiverInterface;
        var first = Veth.Id + "-a";
        var a = Load("tc_counter", "tc_count", "ingress", first);

        var load = Pins.Traitsbpf(Veth.ReceiverNamespace, "load", ClangObjects.Path("tc_counter"), "--iface", iface, "--tc", "ingress", "--name", Veth.Id + "-b", "--before", "nope");

        Assert.Equal(2, load.ExitCode);
        Assert.Equal($"error: --before nope: no program named 'nope' is on {iface} (tc-ingress), nor is a traitsbpf attachment of that name; its programs are: 'tc_count' id {a.ProgramId}.\n", load.Stderr);
        Assert.Equal([a.ProgramId], KernelProgramIds("ingress"));
        Assert.Equal([first], List().Select(l => l.Name));
    }

    [Fact]
    public void A_replace_that_fails_after_the_swap_puts_the_old_program_back_on_the_same_link()
    {
        var iface = Veth.ReceiverInterface;
        var name = Veth.Id + "-tc";
        var before = Load("tc_counter", "tc_count", "ingress", name);
        using var obj = BpfObject.Open(ClangObjects.Path("verdicts"));
        obj.Load();
        var replacement = obj.Program("tc_verdict");
        var attachments = new Attachments(Pins.Root, NullLogger.Instance);

        var during = NetworkNamespaceThread.Run(Veth.ReceiverNamespace, () =>
        {
            // Disposed before Record, as when pinning or recording fails: the writer must undo the swap.
            using var writer = attachments.BeginAttach(obj, replacement, new AttachTarget(iface, AttachHook.TcIngress), new AttachOptions(name, Replace: true));
            writer.Attach();
            return TcxPrograms.Query(iface, "ingress");
        });

        Assert.Equal([replacement.Info().Id], during);
        Assert.Equal([before.ProgramId], KernelProgramIds("ingress"));
        Assert.Equal(before, List().Single(a => a.Name == name));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(Pins.Root), e => Path.GetFileName(e).StartsWith(PinLayout.ReservedPrefix));
    }

    [Fact]
    public void A_link_staged_by_a_process_that_died_is_detached_by_the_next_command()
    {
        var iface = Veth.ReceiverInterface;
        var staging = Path.Combine(Pins.Root, $"{PinLayout.StagingPrefix}{iface}-tc-ingress-{DeadPid()}");
        BpfFileSystem.CreatePrivateDirectory(Pins.Root);
        BpfFileSystem.CreatePrivateDirectory(staging);
        using var obj = BpfObject.Open(ClangObjects.Path("tc_counter"));
        obj.Load();
        // Held open, as another process might hold it, the link outlives its pin: only detaching it takes the program off the hook.
        using var link = NetworkNamespaceThread.Run(Veth.ReceiverNamespace,
            () => TcxHook.AttachLink(obj.Program("tc_count").Fd, NetworkInterfaces.IndexOf(iface), AttachHook.TcIngress, iface));
        PinnedDescriptor.Pin(link.Fd, Path.Combine(staging, PinLayout.LinkPin), "the test's link");
        Assert.Single(KernelProgramIds("ingress"));

        var detach = Pins.Traitsbpf(Veth.ReceiverNamespace, "detach", "--iface", iface);

        Assert.True(detach.ExitCode == 10, detach.ToString());
        Assert.False(Directory.Exists(staging), detach.ToString());
        Assert.Empty(KernelProgramIds("ingress"));
    }

    [Fact]
    public void A_replace_that_died_after_the_swap_keeps_the_link_and_gets_the_recorded_program_back()
    {
        var name = Veth.Id + "-tc";
        var before = Load("tc_counter", "tc_count", "ingress", name);
        var staging = Path.Combine(Pins.Root, $"{PinLayout.StagingPrefix}{name}-{DeadPid()}");
        BpfFileSystem.CreatePrivateDirectory(staging);
        using var obj = BpfObject.Open(ClangObjects.Path("verdicts"));
        obj.Load();
        var replacement = obj.Program("tc_verdict");
        using (var link = PinnedDescriptor.Open(Path.Combine(Pins.Root, name, PinLayout.LinkPin), "the live link"))
        using (var old = PinnedDescriptor.Open(Path.Combine(Pins.Root, name, PinLayout.ProgramPin), "the old program"))
        {
            // What a replace killed before its rename leaves: the live link runs the new program, both pinned in its staging directory.
            BpfLinks.Update(link.Fd, replacement.Fd, old.Fd, "the live link");
            PinnedDescriptor.Pin(replacement.Fd, Path.Combine(staging, PinLayout.ProgramPin), "the new program");
            PinnedDescriptor.Pin(link.Fd, Path.Combine(staging, PinLayout.LinkPin), "the live link");
        }
        Assert.Equal([replacement.Info().Id], KernelProgramIds("ingress"));

        var detach = Pins.Traitsbpf(Veth.ReceiverNamespace, "detach", "--name", "absent");

        Assert.True(detach.ExitCode == 10, detach.ToString());
        Assert.False(Directory.Exists(staging), detach.ToString());
        Assert.Equal([before.ProgramId], KernelProgramIds("ingress"));
        Assert.Equal(before, List().Single(a => a.Name == name));
    }

    [Fact]
    public void A_link_nobody_pinned_ends_with_its_descriptor()
    {
        using var obj = BpfObject.Open(ClangObjects.Path("tc_counter"));
        obj.Load();
        var iface = Veth.ReceiverInterface;

        NetworkNamespaceThread.Run(Veth.ReceiverNamespace, () =>
            TcxHook.AttachLink(obj.Program("tc_count").Fd, NetworkInterfaces.IndexOf(iface), AttachHook.TcEgress, iface).Dispose());

        Assert.Empty(KernelProgramIds("egress"));
    }

    // One above pid_max: no process can have it.
    private static int DeadPid() => int.Parse(File.ReadAllText("/proc/sys/kernel/pid_max").Trim(), System.Globalization.CultureInfo.InvariantCulture) + 1;

    protected override ListedAttachment Load(string objectName, string program, string direction, string name, bool replace = false)
    {
        string[] args = ["load", ClangObjects.Path(objectName), "--program", program, "--iface", Veth.ReceiverInterface, "--tc", direction, "--name", name];
        var load = Pins.Traitsbpf(Veth.ReceiverNamespace, replace ? [.. args, "--replace"] : args);
        Assert.True(load.ExitCode == 0, load.ToString());
        return List().Single(a => a.Name == name);
    }

    private ListedAttachment LoadPlaced(string name, string option, string reference)
    {
        var load = Pins.Traitsbpf(Veth.ReceiverNamespace, "load", ClangObjects.Path("tc_counter"), "--iface", Veth.ReceiverInterface, "--tc", "ingress", "--name", name, option, reference);
        Assert.True(load.ExitCode == 0, load.ToString());
        return List().Single(a => a.Name == name);
    }

    protected override IReadOnlyList<ListedAttachment> List()
    {
        var list = Pins.Traitsbpf(Veth.ReceiverNamespace, "list", "--json").EnsureSuccess();
        return JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray().Select(ListedAttachment.From).ToList();
    }

    protected override ulong Counter(string name)
    {
        var maps = Pins.Traitsbpf(Veth.ReceiverNamespace, "maps", name, "--map", "tc_packets", "--json").EnsureSuccess();
        var entry = JsonDocument.Parse(maps.Stdout).RootElement[0].GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("keyInt").GetUInt64() == 0);
        return entry.GetProperty("valueInt").GetUInt64();
    }

    protected override void Detach(string? iface, string? name)
    {
        var args = new List<string> { "detach" };
        if (iface is not null)
            args.AddRange(["--iface", iface]);
        if (name is not null)
            args.AddRange(["--name", name]);
        var detach = Pins.Traitsbpf(Veth.ReceiverNamespace, [.. args]);
        Assert.True(detach.ExitCode == 0, detach.ToString());
    }

    protected override IReadOnlyList<uint> KernelProgramIds(string direction) =>
        NetworkNamespaceThread.Run(Veth.ReceiverNamespace, () => TcxPrograms.Query(Veth.ReceiverInterface, direction));
}
