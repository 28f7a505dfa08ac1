using TraitsBpf.Abi;
using TraitsBpf.Compiler;
using TraitsBpf.Object;
using TraitsBpf.TestSupport.Host;
using TraitsBpf.TestSupport.SockAddr;
using TraitsBpf.Traits.Tests.Registry;

namespace TraitsBpf.Traits.Tests.Contexts;

/// <summary>
/// Traits at the cgroup UDP hooks (<see cref="ServiceStamp"/>): run as managed code, a sendmsg program changes the store
/// the datagram leaves with, starting from the sender's, and a recvmsg program only reads; compiled, each calls the
/// series' bpf_sock_addr_trait_* kfuncs with the kernel's prototype. The kernel's behaviour is the VM tier's
/// (tests/Vm/guest-traits.sh, cgroup_stamp) and the series' selftest (sock_addr_hooks).
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class SockAddrTraitsTests : IDisposable
{
    private const int ServiceIdKey = 20;
    private const int InternalKey = 21;
    private const int PacketIdKey = 22;

    public SockAddrTraitsTests()
    {
        TraitRegistry.Reset();
        TraitRegistry.Register("service_id", ServiceIdKey);
        TraitRegistry.Register("internal", InternalKey);
        TraitRegistry.Register("packet_id", PacketIdKey);
    }

    public void Dispose() => TraitRegistry.Reset();

    [Fact]
    public void A_send_without_traits_leaves_with_the_stamp_alone()
    {
        ulong stamped = Count(ServiceStamp.Stamped);
        var ctx = new SockAddrContext { Hook = SockAddrHook.UdpSendmsg4 };

        Assert.Equal(SockAddrVerdict.Allow, ManagedExecution.Run(ServiceStamp.Stamp4, ctx));

        var received = new SockAddrContext { Hook = SockAddrHook.UdpRecvmsg4, TraitStore = ctx.TraitStoreBytes };
        Assert.True(received.Traits.TryGet(ServiceStamp.ServiceId, out uint service));
        Assert.Equal(ServiceStamp.StampValue, service);
        Assert.Equal(TraitStore.HeaderSize + 4, ctx.TraitStoreBytes.Length);
        Assert.Equal(stamped + 1, Count(ServiceStamp.Stamped));
    }

    [Fact]
    public void A_send_keeps_the_senders_traits_and_loses_the_internal_flag()
    {
        var sender = new SockAddrContext { Hook = SockAddrHook.UdpSendmsg6 };
        Assert.Equal(0, sender.Traits.Set(ServiceStamp.PacketId, 0x1122334455667788UL));
        Assert.Equal(0, sender.Traits.Set(ServiceStamp.Internal, default));
        ulong removed = Count(ServiceStamp.InternalRemoved);

        var ctx = new SockAddrContext { Hook = SockAddrHook.UdpSendmsg6, TraitStore = sender.TraitStoreBytes };
        Assert.Equal(SockAddrVerdict.Allow, ManagedExecution.Run(ServiceStamp.Stamp6, ctx));

        var received = new SockAddrContext { Hook = SockAddrHook.UdpRecvmsg6, TraitStore = ctx.TraitStoreBytes };
        Assert.True(received.Traits.TryGet(ServiceStamp.PacketId, out ulong id));
        Assert.Equal(0x1122334455667788UL, id);
        Assert.True(received.Traits.TryGet(ServiceStamp.ServiceId, out uint _));
        Assert.False(received.Traits.TryGet(ServiceStamp.Internal, out TraitFlag _));
        Assert.Equal(removed + 1, Count(ServiceStamp.InternalRemoved));
    }

    [Fact]
    public void A_read_counts_by_packet_id_and_may_not_change_traits()
    {
        var tagged = new SockAddrContext { Hook = SockAddrHook.UdpSendmsg4 };
        Assert.Equal(0, tagged.Traits.Set(ServiceStamp.PacketId, 5UL));
        ulong withId = Count(ServiceStamp.ReadWithId), withoutId = Count(ServiceStamp.ReadWithoutId);

        ManagedExecution.Run(ServiceStamp.Read4, new SockAddrContext { Hook = SockAddrHook.UdpRecvmsg4, TraitStore = tagged.TraitStoreBytes });
        ManagedExecution.Run(ServiceStamp.Read6, new SockAddrContext { Hook = SockAddrHook.UdpRecvmsg6 });
        Assert.Equal(withId + 1, Count(ServiceStamp.ReadWithId));
        Assert.Equal(withoutId + 1, Count(ServiceStamp.ReadWithoutId));

        var read = new SockAddrContext { Hook = SockAddrHook.UdpRecvmsg4, TraitStore = tagged.TraitStoreBytes };
        var error = Assert.Throws<InvalidOperationException>(() => read.Traits.Set(ServiceStamp.ServiceId, 1u));
        Assert.Contains(TraitKfuncs.RecvmsgReadsOnly, error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => new SockAddrContext { Hook = SockAddrHook.Connect4 }.Traits);
        Assert.Throws<InvalidOperationException>(() => new SockAddrContext().Traits);
    }

    [Fact]
    public void Compiled_programs_call_the_sock_addr_trait_kfuncs_with_the_kernels_prototypes()
    {
        var compiled = BpfCompiler.Compile(typeof(ServiceStamp).Assembly.Location,
            new CompilerOptions { Programs = ["service_stamp4", "service_reads6"], Traits = TraitsBackend.Kfunc });
        var file = ObjectReader.Read(compiled.Object);
        var undefined = file.Symbols.Where(s => s.SectionIndex == 0).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string>(TraitKfuncs.SockAddr, StringComparer.Ordinal), undefined);
        Assert.DoesNotContain(undefined, TraitKfuncs.All.Contains);

        // The kfuncs take the program's own context, struct bpf_sock_addr, as the series declares them.
        var path = Path.Combine(Path.GetTempPath(), $"tbpf-sockaddr-{Environment.ProcessId}.o");
        File.WriteAllBytes(path, compiled.Object);
        string btf;
        try
        {
            btf = Run.Command("bpftool", "btf", "dump", "file", path).EnsureSuccess().Stdout;
        }
        finally
        {
            File.Delete(path);
        }

        foreach (var kfunc in TraitKfuncs.SockAddr)
        {
            Assert.Contains($"FUNC '{kfunc}' type_id=", btf, StringComparison.Ordinal);
        }

        Assert.Contains("STRUCT 'bpf_sock_addr'", btf, StringComparison.Ordinal);
    }

    private static unsafe ulong Count(uint index)
    {
        ulong* counter = ServiceStamp.Counts.Lookup(index);
        return counter == null ? 0 : *counter;
    }
}
