using TraitsBpf.Loader.Tests.Infrastructure;

namespace TraitsBpf.Loader.Tests;

/// <summary>
/// What a TC attachment must do whichever way the kernel holds it (a tcx link where the kernel has tcx,
/// a clsact filter where it has not): run on real traffic, be listed, be replaced in place and taken off
/// the hook so that the kernel's own view agrees. Each path is a subclass; every test has a veth pair in
/// namespaces of its own and a bpffs of its own.
/// </summary>
public abstract class TcAttachTests : IDisposable
{
    protected TcAttachTests()
    {
        Veth = new VethPair();
        try
        {
            Pins = new PrivatePinRoot();
        }
        catch
        {
            Veth.Dispose();
            throw;
        }
    }

    protected VethPair Veth { get; }

    protected PrivatePinRoot Pins { get; }

    /// <summary>The method the path's attachments are listed with: tcx_link or tc_filter.</summary>
    protected abstract string Method { get; }

    /// <summary>Whether attaching puts a clsact qdisc on an interface that had none.</summary>
    protected abstract bool MakesQdisc { get; }

    /// <summary>Loads <paramref name="program"/> of c/<paramref name="objectName"/>.c at the receiver's TC <paramref name="direction"/> hook; returns it as listed.</summary>
    protected abstract ListedAttachment Load(string objectName, string program, string direction, string name, bool replace = false);

    /// <summary>The receiver's namespace's attachments, as listed.</summary>
    protected abstract IReadOnlyList<ListedAttachment> List();

    /// <summary>tc_counter's packet count of attachment <paramref name="name"/>.</summary>
    protected abstract ulong Counter(string name);

    /// <summary>Detaches, as <c>detach [--iface IF] [--name N]</c> does; fails the test if it fails.</summary>
    protected abstract void Detach(string? iface, string? name);

    /// <summary>The ids of the programs the kernel runs at the receiver's TC <paramref name="direction"/> hook, asked of the kernel by other means than the loader's.</summary>
    protected abstract IReadOnlyList<uint> KernelProgramIds(string direction);

    [Theory]
    [InlineData("ingress")]
    [InlineData("egress")]
    public void Counts_packets_is_listed_and_detach_takes_it_off_the_hook(string direction)
    {
        var name = Veth.Id + "-tc";

        var loaded = Load("tc_counter", "tc_count", direction, name);

        Assert.Equal(Method, loaded.Method);
        Assert.Equal("active", loaded.State);
        Assert.Equal([loaded.ProgramId], KernelProgramIds(direction));
        Assert.Equal(MakesQdisc, Veth.ReceiverQdiscs().Contains("clsact", StringComparison.Ordinal));
        Assert.Equal(4, Veth.Ping(4));
        Assert.True(Counter(name) >= 4, $"counted {Counter(name)} of 4 echo packets");

        Detach(Veth.ReceiverInterface, name);

        Assert.Empty(KernelProgramIds(direction));
        Assert.DoesNotContain("clsact", Veth.ReceiverQdiscs(), StringComparison.Ordinal);
        Assert.False(Pins.Pinned(name));
        Assert.Empty(List());
        Assert.Equal(2, Veth.Ping(2));
    }

    [Fact]
    public void Replace_swaps_the_program_in_the_same_place()
    {
        var name = Veth.Id + "-tc";
        var before = Load("tc_counter", "tc_count", "ingress", name);

        var after = Load("verdicts", "tc_verdict", "ingress", name, replace: true);

        Assert.Equal("tc_verdict", after.Program);
        Assert.NotEqual(before.ProgramId, after.ProgramId);
        Assert.Equal(before.Place, after.Place);
        Assert.Equal([after.ProgramId], KernelProgramIds("ingress"));
        Assert.Equal("active", after.State);
        Assert.Equal(2, Veth.Ping(2));

        Detach(null, name);
        Assert.Empty(KernelProgramIds("ingress"));
        Assert.False(Pins.Pinned(name));
    }

    [Fact]
    public void An_attachment_whose_interface_was_deleted_is_listed_as_gone_and_detach_removes_its_pins()
    {
        var name = Veth.Id + "-tc";
        Load("tc_counter", "tc_count", "egress", name);

        Veth.IpInReceiver("link", "del", Veth.ReceiverInterface).EnsureSuccess();

        Assert.Equal("interface-gone", List().Single(a => a.Name == name).State);
        Detach(Veth.ReceiverInterface, null);
        Assert.False(Pins.Pinned(name));
        Assert.Empty(List());
    }

    public void Dispose()
    {
        Veth.Dispose();
        Pins.Dispose();
        GC.SuppressFinalize(this);
    }
}
