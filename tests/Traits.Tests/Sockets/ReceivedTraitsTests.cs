using TraitsBpf.Loader.Traits;
using TraitsBpf.Sockets;

namespace TraitsBpf.Traits.Tests.Sockets;

/// <summary>
/// What a service decodes from a (SOL_BPF, SO_BPF_TRAITS) control message: stores written by the
/// SDK's TraitStore (the kernel's results, byte for byte) read back by key and by name, and bytes
/// that are not a store refused.
/// </summary>
public sealed class ReceivedTraitsTests
{
    private static readonly TraitNameTable Names = new(
    [
        new RegisteredTrait("packet_id", 63, 8, "System.UInt64", "test", DateTimeOffset.UnixEpoch),
        new RegisteredTrait("traffic_class", 61, 4, "System.UInt32", "test", DateTimeOffset.UnixEpoch),
        new RegisteredTrait("sampled", 5, 0, "TraitsBpf.TraitFlag", "test", DateTimeOffset.UnixEpoch),
    ]);

    private static byte[] StoreOf(params (int Key, int Size)[] values) => SdkStores.Of(values);

    [Fact]
    public void EveryKeyAndSizeReadsBackWhatWasSet()
    {
        var random = new Random(7);
        for (int round = 0; round < 200; round++)
        {
            var set = new Dictionary<int, int>();
            while (set.Count < random.Next(1, 12))
                set[random.Next(0, 64)] = TraitsBpf.Abi.TraitValueSizes.All[random.Next(0, 5)];
            var store = StoreOf([.. set.Select(p => (p.Key, p.Value))]);
            if (store.Length > 256)
                continue;

            var traits = ReceivedTraits.Parse(store);
            Assert.Equal(set.Keys.Order(), traits.Keys);
            foreach (var (key, size) in set)
            {
                Assert.True(traits.TryGetValue(key, out var value));
                Assert.Equal(Enumerable.Range(0, size).Select(i => (byte)(key * 16 + i)), value.ToArray());
            }

            Assert.False(traits.TryGetValue(Enumerable.Range(0, 64).First(k => !set.ContainsKey(k)), out _));
        }
    }

    [Fact]
    public void NamedTraitsReadAsTheirRegisteredType()
    {
        var traits = ReceivedTraits.Parse(StoreOf((63, 8), (5, 0)), Names);
        Assert.True(traits.TryGet("packet_id", out ulong id));
        Assert.Equal(BitConverter.ToUInt64(Enumerable.Range(0, 8).Select(i => (byte)(63 * 16 + i)).ToArray()), id);
        Assert.True(traits.Contains("sampled"));
        Assert.False(traits.TryGet("traffic_class", out uint _));
        Assert.Throws<InvalidCastException>(() => traits.TryGet("packet_id", out uint _));
        Assert.Throws<KeyNotFoundException>(() => traits.TryGet("unknown", out ulong _));
        Assert.Throws<KeyNotFoundException>(() => ReceivedTraits.Parse(StoreOf((63, 8))).TryGet("packet_id", out ulong _));
    }

    [Theory]
    [InlineData("too short", "0000")]
    [InlineData("size code 6", "000000000000000000000000000000010000000000000001")]
    [InlineData("size code 7", "010000000000000001000000000000000100000000000000")]
    [InlineData("header names a value that is missing", "000000000000000000000000000000000100000000000000")]
    [InlineData("bytes past the values", "00000000000000000000000000000000000000000000000000")]
    public void BytesThatAreNotAStoreAreRefused(string what, string hex)
    {
        var error = Assert.Throws<FormatException>(() => ReceivedTraits.Parse(Convert.FromHexString(hex)));
        Assert.False(string.IsNullOrEmpty(error.Message), what);
    }

    [Fact]
    public void AnEmptyStoreHasNoTraits()
    {
        var traits = ReceivedTraits.Parse(new byte[24]);
        Assert.True(traits.IsEmpty);
        Assert.Empty(traits.Keys);
        Assert.True(ReceivedTraits.None.IsEmpty);
    }
}
