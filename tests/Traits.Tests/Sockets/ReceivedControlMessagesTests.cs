using System.Buffers.Binary;
using TraitsBpf.Abi;
using TraitsBpf.Sockets;

namespace TraitsBpf.Traits.Tests.Sockets;

/// <summary>
/// What <c>TraitSocket</c> takes from a receive's control messages, laid out as the kernel writes them: the trait
/// store, and the other SOL_BPF messages a cgroup/recvmsg policy put after it (the series' selftest sock_addr_cmsgs
/// and the VM tier's cgroup_policy show the kernel writing exactly this).
/// </summary>
public sealed class ReceivedControlMessagesTests
{
    [Fact]
    public void The_store_comes_apart_from_the_policys_messages_which_keep_their_order()
    {
        byte[] store = new byte[28];
        store[0] = 0x80;
        store[8] = 0x80;
        store[24] = 0x2a;
        var control = new List<byte>();
        Append(control, 0, 2, [64, 0, 0, 0]);   // IP_TTL, another level: neither store nor policy
        Append(control, TraitSocketOption.Level, TraitSocketOption.Name, store);
        Append(control, TraitSocketOption.Level, 2, [1, 2, 3, 4, 5, 6, 7, 8]);
        Append(control, TraitSocketOption.Level, 3, [9, 9, 9]);

        var found = ReceivedControlMessages.Parse(control.ToArray(), truncated: false, out var policy, 4096);

        Assert.Equal(store, found.ToArray());
        Assert.NotNull(policy);
        Assert.Equal([2, 3], policy.Select(m => m.Type));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, policy[0].Data);
        Assert.Equal(new byte[] { 9, 9, 9 }, policy[1].Data);
    }

    [Fact]
    public void A_read_without_traits_may_still_bring_policy_messages_and_a_cut_short_one_says_so()
    {
        var control = new List<byte>();
        Append(control, TraitSocketOption.Level, 7, [1]);
        Assert.True(ReceivedControlMessages.Parse(control.ToArray(), truncated: false, out var policy, 4096).IsEmpty);
        Assert.Equal(7, Assert.Single(policy!).Type);

        var error = Assert.Throws<InvalidOperationException>(() => ReceivedControlMessages.Parse(control.ToArray(), truncated: true, out _, 4096));
        Assert.Contains("did not fit in 4096 bytes", error.Message, StringComparison.Ordinal);
    }

    /// <summary>One control message as the kernel writes it: cmsg_len (u64), level, type, payload, padding to 8 bytes.</summary>
    private static void Append(List<byte> control, int level, int type, byte[] payload)
    {
        var header = new byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(header, 16 + payload.Length);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), level);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), type);
        control.AddRange(header);
        control.AddRange(payload);
        control.AddRange(new byte[(8 - payload.Length % 8) % 8]);
    }
}
