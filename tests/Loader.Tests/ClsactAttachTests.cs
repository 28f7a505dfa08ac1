using System.Buffers.Binary;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using TraitsBpf.Cli.Output;
using TraitsBpf.Loader.Attach;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Tests.Infrastructure;
using TraitsBpf.TestSupport.Host;

namespace TraitsBpf.Loader.Tests;

/// <summary>
/// TC as cls_bpf filters on the clsact qdisc, the path traitsbpf takes on kernels without tcx: forced here
/// by telling the library the kernel has none, and run inside the receiver's namespace on a thread of its
/// own. The kernel's view is <c>tc filter show</c>. Besides the tests every path passes, the qdisc's
/// ownership: created only when absent, removed only by the last traitsbpf detach and only when no
/// filter at all is left on it.
/// </summary>
public sealed partial class ClsactAttachTests : TcAttachTests
{
    private readonly Attachments _attachments;

    public ClsactAttachTests() =>
        _attachments = new Attachments(Pins.Root, NullLogger.Instance, KernelFeatures.Current with { TcxLinks = false });

    protected override string Method => "tc_filter";

    protected override bool MakesQdisc => true;

    [Fact]
    public void Detach_leaves_another_tools_filter_on_a_clsact_qdisc_it_found()
    {
        var name = Veth.Id + "-tc";
        Veth.Tc("qdisc", "add", "dev", Veth.ReceiverInterface, "clsact").EnsureSuccess();
        Veth.Tc("filter", "add", "dev", Veth.ReceiverInterface, "ingress", "prio", "7", "bpf", "da", "obj", ClangObjects.Path("tc_counter"), "sec", "tc").EnsureSuccess();

        var ours = Load("tc_counter", "tc_count", "ingress", name);
        Assert.Equal(2, KernelProgramIds("ingress").Count);
        Detach(Veth.ReceiverInterface, null);

        Assert.Contains("clsact", Veth.ReceiverQdiscs(), StringComparison.Ordinal);
        var filters = Veth.ReceiverFilters("ingress");
        Assert.Contains("pref 7 bpf", filters, StringComparison.Ordinal);
        Assert.Contains("tc_counter.o:[tc]", filters, StringComparison.Ordinal);
        Assert.DoesNotContain(ours.ProgramId, KernelProgramIds("ingress"));
        Assert.False(Pins.Pinned(name));
    }

    [Fact]
    public void Detach_keeps_the_qdisc_it_created_while_another_tool_has_a_filter_on_it()
    {
        Load("tc_counter", "tc_count", "egress", Veth.Id + "-tc");
        Veth.Tc("filter", "add", "dev", Veth.ReceiverInterface, "ingress", "prio", "7", "bpf", "da", "obj", ClangObjects.Path("tc_counter"), "sec", "tc").EnsureSuccess();

        Detach(Veth.ReceiverInterface, null);

        Assert.Contains("clsact", Veth.ReceiverQdiscs(), StringComparison.Ordinal);
        Assert.Contains("tc_counter.o:[tc]", Veth.ReceiverFilters("ingress"), StringComparison.Ordinal);
        Assert.Empty(KernelProgramIds("egress"));
    }

    [Fact]
    public void Last_traitsbpf_detach_removes_the_qdisc_even_when_another_attachment_created_it()
    {
        var first = Veth.Id + "-in";
        var second = Veth.Id + "-out";
        Load("tc_counter", "tc_count", "ingress", first);
        Load("tc_counter", "tc_count", "egress", second);

        Detach(null, first);
        Assert.Contains("clsact", Veth.ReceiverQdiscs(), StringComparison.Ordinal);
        Detach(null, second);

        Assert.DoesNotContain("clsact", Veth.ReceiverQdiscs(), StringComparison.Ordinal);
    }

    [Fact]
    public void Detaching_an_interface_removes_the_qdisc_even_when_its_creator_is_removed_first()
    {
        // Detach takes attachments in name order, so the one that created the qdisc goes first.
        var creator = Veth.Id + "-a";
        var other = Veth.Id + "-b";
        Load("tc_counter", "tc_count", "ingress", creator);
        Load("tc_counter", "tc_count", "egress", other);

        Detach(Veth.ReceiverInterface, null);

        Assert.DoesNotContain("clsact", Veth.ReceiverQdiscs(), StringComparison.Ordinal);
        Assert.False(Pins.Pinned(creator));
        Assert.False(Pins.Pinned(other));
    }

    protected override ListedAttachment Load(string objectName, string program, string direction, string name, bool replace = false)
    {
        var hook = direction == "ingress" ? AttachHook.TcIngress : AttachHook.TcEgress;
        var target = new AttachTarget(Veth.ReceiverInterface, hook);
        NetworkNamespaceThread.Run(Veth.ReceiverNamespace, () =>
        {
            using var obj = BpfObject.Open(ClangObjects.Path(objectName));
            obj.Load();
            return _attachments.Attach(obj, obj.Program(program), target, new AttachOptions(name, replace, "test"));
        });
        return List().Single(a => a.Name == name);
    }

    protected override IReadOnlyList<ListedAttachment> List() =>
        NetworkNamespaceThread.Run(Veth.ReceiverNamespace, _attachments.List).Select(s => ListedAttachment.From(ListEntry.From(s))).ToList();

    protected override ulong Counter(string name)
    {
        using var map = PinnedMap.Open(Path.Combine(Pins.Root, name, "maps", "tc_packets"));
        var value = new byte[map.ValueSize];
        Assert.True(map.Lookup(new byte[4], value));
        return BinaryPrimitives.ReadUInt64LittleEndian(value);
    }

    protected override void Detach(string? iface, string? name) =>
        NetworkNamespaceThread.Run(Veth.ReceiverNamespace, () => _attachments.Detach(iface, name));

    // `tc filter show` prints each bpf filter's program as "... id 123 name tc_count ...".
    protected override IReadOnlyList<uint> KernelProgramIds(string direction) =>
        ProgramIdPattern().Matches(Veth.ReceiverFilters(direction)).Select(m => uint.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    [GeneratedRegex(@"\bid (\d+)\b")]
    private static partial Regex ProgramIdPattern();
}
