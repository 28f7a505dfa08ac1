using System.Net;
using System.Net.Sockets;
using TraitsBpf.Abi;
using TraitsBpf.Loader.Traits;
using TraitsBpf.Sockets;

namespace TraitsBpf.Traits.Tests.Sockets;

/// <summary>
/// What a service sends: OutgoingTraits encodes exactly the store the SDK's TraitStore (and so the
/// kernel) writes for the same keys, a request's traits go back out unchanged, and what no store
/// can hold is refused before anything reaches the kernel. The patched kernel's side (the kernel
/// attaching the store to the datagram) runs in the VM tier and the kernel selftests.
/// </summary>
public sealed class OutgoingTraitsTests
{
    private static readonly TraitNameTable Names = new(
    [
        new RegisteredTrait("packet_id", 63, 8, "System.UInt64", "test", DateTimeOffset.UnixEpoch),
        new RegisteredTrait("sampled", 5, 0, "TraitsBpf.TraitFlag", "test", DateTimeOffset.UnixEpoch),
    ]);

    private static byte[] ValueOf(int key, int size) => [.. Enumerable.Range(0, size).Select(i => (byte)(key * 16 + i))];

    [Fact]
    public void TheStoreIsTheOneTheKernelWritesForTheSameKeys()
    {
        var random = new Random(11);
        int compared = 0;
        for (int round = 0; round < 300; round++)
        {
            var set = new Dictionary<int, int>();
            while (set.Count < random.Next(0, 14))
                set[random.Next(0, 64)] = TraitValueSizes.All[random.Next(0, 5)];
            var expected = SdkStores.Of([.. set.Select(p => (p.Key, p.Value))]);
            if (expected.Length > TraitStoreFormat.MaxSize)
                continue;

            // Set in a random order, some keys twice with another size first.
            var traits = new OutgoingTraits();
            foreach (var (key, size) in set.OrderBy(_ => random.Next()))
            {
                if (random.Next(3) == 0)
                    traits.Set(key, ValueOf(key, TraitValueSizes.All[(TraitValueSizes.All.ToList().IndexOf(size) + 1) % 5]));
                traits.Set(key, ValueOf(key, size));
            }

            Assert.Equal(expected, traits.ToStore());
            Assert.Equal(expected.Length, traits.StoreSize);
            Assert.Equal(set.Count == 0, traits.IsEmpty);
            compared++;
        }

        Assert.True(compared > 200, $"only {compared} stores compared");
    }

    [Fact]
    public void AReplyCarriesItsRequestsTraitsUnchanged()
    {
        var request = SdkStores.Of((63, 8), (5, 0), (0, 16), (30, 2));
        var reply = OutgoingTraits.From(ReceivedTraits.Parse(request));
        Assert.Equal(request, reply.ToStore());

        Assert.True(reply.Remove(30));
        Assert.False(reply.Remove(30));
        Assert.Equal(SdkStores.Of((63, 8), (5, 0), (0, 16)), reply.ToStore());
        Assert.True(OutgoingTraits.From(ReceivedTraits.None).IsEmpty);
        Assert.Equal(new byte[24], new OutgoingTraits().ToStore());
    }

    [Fact]
    public void NamedTraitsAreSetAsTheirRegisteredType()
    {
        var traits = new OutgoingTraits(Names).Set("packet_id", 0x1122334455667788UL).SetFlag("sampled");
        var read = ReceivedTraits.Parse(traits.ToStore(), Names);
        Assert.True(read.TryGet("packet_id", out ulong id));
        Assert.Equal(0x1122334455667788UL, id);
        Assert.True(read.Contains("sampled"));
        Assert.True(traits.Remove("sampled"));

        Assert.Throws<InvalidCastException>(() => traits.Set("packet_id", 7u));
        Assert.Throws<InvalidCastException>(() => traits.SetFlag("packet_id"));
        Assert.Throws<KeyNotFoundException>(() => traits.Set("unknown", 7UL));
        Assert.Throws<KeyNotFoundException>(() => new OutgoingTraits().Set("packet_id", 7UL));
    }

    [Fact]
    public void WhatNoStoreHoldsIsRefusedBeforeTheKernel()
    {
        var traits = new OutgoingTraits();
        Assert.Throws<ArgumentOutOfRangeException>(() => traits.Set(64, new byte[8]));
        Assert.Throws<ArgumentOutOfRangeException>(() => traits.Set(-1, new byte[8]));
        Assert.Throws<ArgumentOutOfRangeException>(() => traits.Set(1, new byte[3]));
        for (int key = 0; key < 14; key++)
            traits.Set(key, new byte[16]);
        var error = Assert.Throws<InvalidOperationException>(() => traits.Set(14, new byte[16]));
        Assert.Equal("Setting key 14 would make the store 264 bytes; a store holds at most 256.", error.Message);
        Assert.Equal(24 + 14 * 16, traits.StoreSize);
        traits.Set(13, new byte[2]);
        traits.Set(14, new byte[8]);
        Assert.Equal(24 + 13 * 16 + 2 + 8, traits.ToStore().Length);
    }

    [Fact]
    public void TheSendProbeAgreesWithTheReceiveProbeAndSendsNothing()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 9));

        // The series brings send and receive together; a stock kernel has neither.
        Assert.Equal(TraitSocket.IsSupported(), TraitSocket.CanSendTraits);
        Assert.Equal(0, listener.Available);
        Assert.False(listener.Poll(200_000, SelectMode.SelectRead), "the probe sent a datagram");
    }
}
