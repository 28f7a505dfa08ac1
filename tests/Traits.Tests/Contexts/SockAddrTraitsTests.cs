using TraitsBpf.Abi;
using TraitsBpf.Compiler;
using TraitsBpf.Object;
using TraitsBpf.TestSupport.Host;
using TraitsBpf.TestSupport.SockAddr;
using TraitsBpf.Traits.Tests.Registry;

namespace TraitsBpf.Traits.Tests.Contexts;

/// <summary>
/// Traits and control messages at the cgroup UDP hooks (<see cref="ServiceStamp"/>, <see cref="ServicePolicy"/>): run as
/// managed code, a sendmsg program changes the store the datagram leaves with, starting from the sender's, and reads
/// the sender's control messages; a recvmsg program changes the store user space receives, never the datagram's, and
/// puts control messages beside it; compiled, each calls the series' kfuncs with the kernel's prototypes. The kernel's
/// behaviour is the VM tier's (tests/Vm/guest-traits.sh, cgroup_stamp and cgroup_policy) and the series' selftests
/// (sock_addr_hooks, sock_addr_cmsgs).
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class SockAddrTraitsTests : IDisposable
{
    private const int ServiceIdKey = 20;
    private const int InternalKey = 21;
    private const int PacketIdKey = 22;
    private const int SecretKey = 23;

    public SockAddrTraitsTests()
    {
        TraitRegistry.Reset();
        TraitRegistry.Register("service_id", ServiceIdKey);
        TraitRegistry.Register("internal", InternalKey);
        TraitRegistry.Register("packet_id", PacketIdKey);
        TraitRegistry.Register("secret", SecretKey);
    }

    public void Dispose() => TraitRegistry.Reset();

    [Fact]
    public void A_send_without_traits_leaves_with_the_stamp_alone()
    {
        ulong stamped = Count(ServiceStamp.Stamped);
        var ctx = new SockAddrContext { Hook = SockAddrHook.UdpSendmsg4 };

        Assert.Equal(SockAddrVerdict.Allow, ManagedExecution.Run(ServiceStamp.Stamp4, ctx));

        var received = new SockAddrContext { Hook = SockAddrHook.UdpRecvmsg4, TraitStore = ctx.TraitStoreBytes, ReceivesTraits = true };
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

        var received = new SockAddrContext { Hook = SockAddrHook.UdpRecvmsg6, TraitStore = ctx.TraitStoreBytes, ReceivesTraits = true };
        Assert.True(received.Traits.TryGet(ServiceStamp.PacketId, out ulong id));
        Assert.Equal(0x1122334455667788UL, id);
        Assert.True(received.Traits.TryGet(ServiceStamp.ServiceId, out uint _));
        Assert.False(received.Traits.TryGet(ServiceStamp.Internal, out TraitFlag _));
        Assert.Equal(removed + 1, Count(ServiceStamp.InternalRemoved));
    }

    [Fact]
    public void A_read_counts_by_packet_id()
    {
        var tagged = new SockAddrContext { Hook = SockAddrHook.UdpSendmsg4 };
        Assert.Equal(0, tagged.Traits.Set(ServiceStamp.PacketId, 5UL));
        ulong withId = Count(ServiceStamp.ReadWithId), withoutId = Count(ServiceStamp.ReadWithoutId);

        ManagedExecution.Run(ServiceStamp.Read4, new SockAddrContext { Hook = SockAddrHook.UdpRecvmsg4, TraitStore = tagged.TraitStoreBytes, ReceivesTraits = true });
        ManagedExecution.Run(ServiceStamp.Read6, new SockAddrContext { Hook = SockAddrHook.UdpRecvmsg6 });
        Assert.Equal(withId + 1, Count(ServiceStamp.ReadWithId));
        Assert.Equal(withoutId + 1, Count(ServiceStamp.ReadWithoutId));
        Assert.Throws<InvalidOperationException>(() => new SockAddrContext { Hook = SockAddrHook.Connect4 }.Traits);
        Assert.Throws<InvalidOperationException>(() => new SockAddrContext().Traits);
    }

    [Fact]
    public void A_read_hides_the_secret_from_the_service_and_gets_a_receipt_of_its_packet_id()
    {
        var sender = new SockAddrContext { Hook = SockAddrHook.UdpSendmsg4 };
        Assert.Equal(0, sender.Traits.Set(ServicePolicy.PacketId, 0x0102030405060708UL));
        Assert.Equal(0, sender.Traits.Set(ServicePolicy.Secret, default));
        var datagram = sender.TraitStoreBytes;
        ulong hidden = PolicyCount(ServicePolicy.Hidden), receipts = PolicyCount(ServicePolicy.Receipts);

        var read = new SockAddrContext { Hook = SockAddrHook.UdpRecvmsg4, TraitStore = datagram, ReceivesTraits = true };
        Assert.Equal(SockAddrVerdict.Allow, ManagedExecution.Run(ServicePolicy.Read4, read));

        // User space receives the store without the secret; the datagram keeps its own.
        var seen = new SockAddrContext { Hook = SockAddrHook.UdpRecvmsg4, TraitStore = read.TraitStoreBytes, ReceivesTraits = true };
        Assert.False(seen.Traits.TryGet(ServicePolicy.Secret, out TraitFlag _));
        Assert.True(seen.Traits.TryGet(ServicePolicy.PacketId, out ulong id));
        Assert.Equal(0x0102030405060708UL, id);
        Assert.Equal(TraitStore.HeaderSize + 8, read.TraitStoreBytes.Length);
        Assert.Equal(sender.TraitStoreBytes, datagram);
        var receipt = Assert.Single(read.PutControlMessages);
        Assert.Equal((TraitSocketOption.Level, (int)ServicePolicy.ReceiptType), (receipt.Level, receipt.Type));
        Assert.Equal(BitConverter.GetBytes(id), receipt.Data);
        Assert.Equal(hidden + 1, PolicyCount(ServicePolicy.Hidden));
        Assert.Equal(receipts + 1, PolicyCount(ServicePolicy.Receipts));

        // A socket that did not set SO_BPF_TRAITS keeps no traits on what it queues (UDP drops them), so its read finds
        // nothing to hide and no packet id to repeat, as the VM tier measures; a receipt there would be -EOPNOTSUPP.
        ulong refused = PolicyCount(ServicePolicy.ReceiptsRefused);
        hidden = PolicyCount(ServicePolicy.Hidden);
        var plain = new SockAddrContext { Hook = SockAddrHook.UdpRecvmsg6, TraitStore = datagram };
        ManagedExecution.Run(ServicePolicy.Read6, plain);
        Assert.Empty(plain.PutControlMessages);
        Assert.Empty(plain.TraitStoreBytes);
        Assert.Equal((hidden, refused), (PolicyCount(ServicePolicy.Hidden), PolicyCount(ServicePolicy.ReceiptsRefused)));
        unsafe
        {
            ulong value = 1;
            Assert.Equal(-Errno.EOPNOTSUPP, plain.PutControlMessage(ServicePolicy.ReceiptType, &value, sizeof(ulong)));
        }
    }

    [Fact]
    public void Deleting_every_trait_at_recvmsg_leaves_the_read_without_traits()
    {
        var sender = new SockAddrContext { Hook = SockAddrHook.UdpSendmsg4 };
        Assert.Equal(0, sender.Traits.Set(ServicePolicy.Secret, default));
        var read = new SockAddrContext { Hook = SockAddrHook.UdpRecvmsg4, TraitStore = sender.TraitStoreBytes, ReceivesTraits = true };

        ManagedExecution.Run(ServicePolicy.Read4, read);

        Assert.Empty(read.TraitStoreBytes);
        Assert.Empty(read.PutControlMessages);
    }

    [Fact]
    public void A_send_asking_for_ttl_1_is_refused_and_other_sends_pass_with_their_messages_read()
    {
        var store = new SockAddrContext { Hook = SockAddrHook.UdpSendmsg4 };
        Assert.Equal(0, store.Traits.Set(ServicePolicy.PacketId, 9UL));
        ulong read = PolicyCount(ServicePolicy.MessagesRead), refused = PolicyCount(ServicePolicy.SendsRefused);

        var allowed = new SockAddrContext
        {
            Hook = SockAddrHook.UdpSendmsg4,
            TraitStore = store.TraitStoreBytes,
            SentControlMessages = [new(TraitSocketOption.Level, TraitSocketOption.Name, store.TraitStoreBytes), new(0, ServicePolicy.IpTtl, BitConverter.GetBytes(64))],
        };
        Assert.Equal(SockAddrVerdict.Allow, ManagedExecution.Run(ServicePolicy.Send4, allowed));
        Assert.Equal(read + 2, PolicyCount(ServicePolicy.MessagesRead));

        var denied = new SockAddrContext { Hook = SockAddrHook.UdpSendmsg6, SentControlMessages = [new(0, ServicePolicy.IpTtl, BitConverter.GetBytes(1))] };
        Assert.Equal(SockAddrVerdict.Deny, ManagedExecution.Run(ServicePolicy.Send6, denied));
        Assert.Equal(refused + 1, PolicyCount(ServicePolicy.SendsRefused));
    }

    [Fact]
    public unsafe void The_control_message_kfuncs_keep_the_kernels_limits()
    {
        var read = new SockAddrContext { Hook = SockAddrHook.UdpRecvmsg4, ReceivesTraits = true };
        byte* chunk = stackalloc byte[300];
        Assert.Equal(-Errno.EINVAL, read.PutControlMessage((uint)TraitSocketOption.Name, chunk, 4));
        Assert.Equal(-Errno.EINVAL, read.PutControlMessage(65536, chunk, 4));
        Assert.Equal(-Errno.EINVAL, read.PutControlMessage(2, chunk, 257));
        for (int i = 0; i < 8; i++)
        {
            chunk[0] = (byte)i;
            Assert.Equal(0, read.PutControlMessage(2, chunk, 60));
        }

        // Eight 60-byte payloads with their 4-byte headers fill the 512 bytes; the ninth fails, as the selftest shows.
        Assert.Equal(-Errno.ENOSPC, read.PutControlMessage(2, chunk, 60));
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7], read.PutControlMessages.Select(m => (int)m.Data[0]));
        Assert.Throws<InvalidOperationException>(() => new SockAddrContext { Hook = SockAddrHook.UdpSendmsg4 }.PutControlMessage(2, chunk, 4));

        var send = new SockAddrContext { Hook = SockAddrHook.UdpSendmsg4, SentControlMessages = [new(0, ServicePolicy.IpTtl, [64, 0, 0, 0])] };
        byte* buffer = stackalloc byte[32];
        Assert.Equal(-Errno.EINVAL, send.ReadControlMessage(0, buffer, 8));
        Assert.Equal(-Errno.ENOENT, send.ReadControlMessage(1, buffer, 32));
        Assert.Equal(20, send.ReadControlMessage(0, buffer, 18));
        var header = *(ControlMessageHeader*)buffer;
        Assert.Equal((20UL, 0, ServicePolicy.IpTtl), (header.Length, header.Level, header.Type));
        Assert.Equal(64, buffer[16]);
        Assert.Equal(0, buffer[18]);
        Assert.Throws<InvalidOperationException>(() => new SockAddrContext { Hook = SockAddrHook.UdpRecvmsg4 }.ReadControlMessage(0, buffer, 32));
    }

    [Fact]
    public void The_policy_compiles_to_the_control_message_kfuncs_with_the_kernels_prototypes()
    {
        var compiled = BpfCompiler.Compile(typeof(ServicePolicy).Assembly.Location,
            new CompilerOptions { Programs = ["policy_reads4", "policy_sends6"], Traits = TraitsBackend.Kfunc });
        var file = ObjectReader.Read(compiled.Object);
        var undefined = file.Symbols.Where(s => s.SectionIndex == 0).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string>([TraitKfuncs.SockAddrPutControlMessage, TraitKfuncs.SockAddrReadControlMessage, TraitKfuncs.SockAddrName("del")], StringComparer.Ordinal), undefined);

        string btf = BtfDump(compiled.Object);
        Assert.Matches(@"FUNC_PROTO '\(anon\)' ret_type_id=\d+ vlen=4\s+'ctx' type_id=\d+\s+'type' type_id=\d+\s+'data' type_id=\d+\s+'length' type_id=\d+", btf);
        Assert.Contains($"FUNC '{TraitKfuncs.SockAddrPutControlMessage}' type_id=", btf, StringComparison.Ordinal);
        Assert.Contains($"FUNC '{TraitKfuncs.SockAddrReadControlMessage}' type_id=", btf, StringComparison.Ordinal);
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
        string btf = BtfDump(compiled.Object);

        foreach (var kfunc in TraitKfuncs.SockAddr)
        {
            Assert.Contains($"FUNC '{kfunc}' type_id=", btf, StringComparison.Ordinal);
        }

        Assert.Contains("STRUCT 'bpf_sock_addr'", btf, StringComparison.Ordinal);
    }

    private static string BtfDump(byte[] objectBytes)
    {
        var path = Path.Combine(Path.GetTempPath(), $"tbpf-sockaddr-{Environment.ProcessId}-{Guid.NewGuid():N}.o");
        File.WriteAllBytes(path, objectBytes);
        try
        {
            return Run.Command("bpftool", "btf", "dump", "file", path).EnsureSuccess().Stdout;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static unsafe ulong PolicyCount(uint index)
    {
        ulong* counter = ServicePolicy.Counts.Lookup(index);
        return counter == null ? 0 : *counter;
    }

    private static unsafe ulong Count(uint index)
    {
        ulong* counter = ServiceStamp.Counts.Lookup(index);
        return counter == null ? 0 : *counter;
    }
}
