using TraitsBpf.Traits.Tests.Registry;

namespace TraitsBpf.Traits.Tests.Contexts;

/// <summary>
/// <c>ctx.Traits</c> on an XDP context run as managed code: the kfuncs' results, and the store in
/// the headroom after the xdp_frame coexisting with the metadata area the way the kernel series
/// makes them.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed unsafe class XdpTraitsTests : IDisposable
{
    /// <summary>XDP_PACKET_HEADROOM less the xdp_frame: the store's room with no metadata.</summary>
    private const int HeadroomRoom = 216;

    private readonly XdpContext ctx = XdpContext.ForPacket(new byte[64]);

    public XdpTraitsTests() => TraitRegistry.Reset();

    public void Dispose()
    {
        ctx.Dispose();
        TraitRegistry.Reset();
    }

    [Fact]
    public void ValuesOfEverySizeRoundTrip()
    {
        Assert.Equal(0, ctx.Traits.Set(1, (ushort)0xBEEF));
        Assert.Equal(0, ctx.Traits.Set(2, 0xDEADBEEFu));
        Assert.Equal(0, ctx.Traits.Set(3, 0x0123456789ABCDEFUL));
        var guid = Guid.NewGuid();
        Assert.Equal(0, ctx.Traits.Set(4, guid));
        Assert.Equal(0, ctx.Traits.Set(5, default(TraitFlag)));

        Assert.True(ctx.Traits.TryGet(1, out ushort u16));
        Assert.Equal(0xBEEF, u16);
        Assert.True(ctx.Traits.TryGet(2, out uint u32));
        Assert.Equal(0xDEADBEEFu, u32);
        Assert.True(ctx.Traits.TryGet(3, out ulong u64));
        Assert.Equal(0x0123456789ABCDEFUL, u64);
        Assert.True(ctx.Traits.TryGet(4, out Guid back));
        Assert.Equal(guid, back);
        Assert.True(ctx.Traits.TryGet(5, out TraitFlag _));
        Assert.Equal(TraitStore.HeaderSize + 2 + 4 + 8 + 16, ctx.TraitStoreBytes.Length);
    }

    [Fact]
    public void ATryGetFillsAZeroedValueAndRefusesAShorterBuffer()
    {
        Assert.Equal(0, ctx.Traits.Set(9, (ushort)0x1234));
        Assert.True(ctx.Traits.TryGet(9, out ulong wide));
        Assert.Equal(0x1234UL, wide);
        Assert.True(ctx.Traits.TryGet(9, out Guid widest));
        Assert.Equal(new Guid([0x34, 0x12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), widest);

        Assert.Equal(0, ctx.Traits.Set(10, ulong.MaxValue));
        Assert.False(ctx.Traits.TryGet(10, out uint narrow));
        Assert.Equal(0u, narrow);
        Assert.False(ctx.Traits.TryGet(10, out TraitFlag _));
        Assert.False(ctx.Traits.TryGet(11, out ulong absent));
        Assert.Equal(0UL, absent);
    }

    [Fact]
    public void NamedTraitsUseTheRegistrysKeys()
    {
        TraitRegistry.Register("packet_id", 12);
        var id = new Trait<ulong>("packet_id");
        var seen = new Trait<TraitFlag>("seen");
        Assert.Equal(0, ctx.Traits.Set(id, 77UL));
        Assert.Equal(0, ctx.Traits.Set(seen, default));
        Assert.True(ctx.Traits.TryGet(12, out ulong viaKey));
        Assert.Equal(77UL, viaKey);
        Assert.True(ctx.Traits.TryGet(63, out TraitFlag _));
        Assert.Equal(0, ctx.Traits.Delete(seen));
        Assert.Equal(-Errno.ENOENT, ctx.Traits.Delete(seen));
        Assert.True(ctx.Traits.TryGet(id, out ulong viaName));
        Assert.Equal(77UL, viaName);
    }

    [Fact]
    public void BadKeysAreInvalidArguments()
    {
        Assert.Equal(-Errno.EINVAL, ctx.Traits.Set(64, 1UL));
        Assert.Equal(-Errno.EINVAL, ctx.Traits.Set(-1, 1UL));
        Assert.Equal(-Errno.EINVAL, ctx.Traits.Delete(64));
        Assert.Equal(-Errno.ENOENT, ctx.Traits.Delete(63));
        Assert.False(ctx.Traits.TryGet(64, out ulong _));
        Assert.Empty(ctx.TraitStoreBytes);
    }

    [Fact]
    public void ValueTypesOfOtherSizesThrow()
    {
        Assert.Throws<ArgumentException>(() => ctx.Traits.Set(1, (byte)1));
        Assert.Throws<ArgumentException>(() => ctx.Traits.Set(1, default(ThreeBytes)));
        Assert.Throws<ArgumentException>(() => ctx.Traits.TryGet(1, out TwelveBytes _));
        Assert.Empty(ctx.TraitStoreBytes);
    }

    [Fact]
    public void FlagsAreTheKernels()
    {
        Assert.Equal(-Errno.ENOENT, ctx.Traits.Set(3, 1u, TraitFlags.Exist));
        Assert.Equal(0, ctx.Traits.Set(3, 1u, TraitFlags.NoExist));
        Assert.Equal(-Errno.EEXIST, ctx.Traits.Set(3, 2u, TraitFlags.NoExist));
        Assert.Equal(0, ctx.Traits.Set(3, 3UL, TraitFlags.Exist));
        Assert.Equal(-Errno.EINVAL, ctx.Traits.Set(3, 4u, TraitFlags.NoExist | TraitFlags.Exist));
        Assert.Equal(-Errno.EINVAL, ctx.Traits.Set(3, 4u, (TraitFlags)4));
        Assert.True(ctx.Traits.TryGet(3, out ulong value));
        Assert.Equal(3UL, value);
    }

    [Fact]
    public void TheStoreExistsFromTheFirstSetUntilTheLastDelete()
    {
        Assert.Empty(ctx.TraitStoreBytes);
        Assert.Equal(-Errno.ENOENT, ctx.Traits.Set(1, 1u, TraitFlags.Exist));
        Assert.Empty(ctx.TraitStoreBytes);
        Assert.Equal(0, ctx.Traits.Set(1, 1u));
        Assert.Equal(0, ctx.Traits.Set(2, 2u));
        Assert.Equal(32, ctx.TraitStoreBytes.Length);
        Assert.Equal(0, ctx.Traits.Delete(1));
        Assert.Equal(28, ctx.TraitStoreBytes.Length);
        Assert.Equal(0, ctx.Traits.Delete(2));
        Assert.Empty(ctx.TraitStoreBytes);
        Assert.False(ctx.Traits.TryGet(2, out uint _));
    }

    [Fact]
    public void TheHeadroomAfterTheXdpFrameIsTheRoom()
    {
        // 12 values of 16 bytes fill 24 + 192 = 216 bytes exactly; one more does not fit.
        for (int key = 0; key < 12; key++)
        {
            Assert.Equal(0, ctx.Traits.Set(key, Guid.NewGuid()));
        }

        Assert.Equal(HeadroomRoom, ctx.TraitStoreBytes.Length);
        Assert.Equal(-Errno.ENOSPC, ctx.Traits.Set(12, (ushort)1));
        Assert.Equal(0, ctx.Traits.Set(12, default(TraitFlag)));
        Assert.Equal(-Errno.EINVAL, ctx.AdjustMeta(-4));
        Assert.Equal(-Errno.EINVAL, ctx.AdjustHead(-4));
    }

    [Fact]
    public void TheStoreGrowsUpToTheMetadataAndNeverIntoIt()
    {
        Assert.Equal(0, ctx.AdjustMeta(-(HeadroomRoom - 36)));
        var metadata = Enumerable.Range(1, HeadroomRoom - 36).Select(i => (byte)i).ToArray();
        metadata.CopyTo(new Span<byte>(ctx.DataMeta, metadata.Length));

        Assert.Equal(0, ctx.Traits.Set(0, 1UL));
        Assert.Equal(0, ctx.Traits.Set(1, 2u));
        Assert.Equal(-Errno.ENOSPC, ctx.Traits.Set(2, 3u));
        Assert.Equal(36, ctx.TraitStoreBytes.Length);
        Assert.Equal(metadata, ctx.Metadata);
    }

    [Fact]
    public void MetadataAndHeadCannotMoveIntoTheStore()
    {
        Assert.Equal(0, ctx.Traits.Set(0, 1UL));
        int free = HeadroomRoom - 32;

        Assert.Equal(-Errno.EINVAL, ctx.AdjustMeta(-(free + 4)));
        Assert.Equal(0, ctx.AdjustMeta(-(free - 8)));
        Assert.Equal(-Errno.EINVAL, ctx.AdjustHead(-12));
        Assert.Equal(0, ctx.AdjustHead(-8));
        Assert.Equal(free - 8, ctx.Metadata.Length);

        // Deleting the last key gives the headroom back.
        Assert.Equal(0, ctx.Traits.Delete(0));
        Assert.Equal(0, ctx.AdjustHead(-32));
    }

    [Fact]
    public void WithoutRoomForAHeaderEverySetFailsAndNothingIsCreated()
    {
        using var tight = XdpContext.ForPacket(new byte[64], headroom: 40 + 20);
        Assert.Equal(-Errno.ENOSPC, tight.Traits.Set(0, default(TraitFlag)));
        Assert.Equal(-Errno.ENOENT, tight.Traits.Set(0, default(TraitFlag), TraitFlags.Exist));
        Assert.Equal(-Errno.EINVAL, tight.Traits.Set(64, default(TraitFlag)));
        Assert.Empty(tight.TraitStoreBytes);
        Assert.Equal(0, tight.AdjustMeta(-20));
    }

    [Fact]
    public void HeadroomBytesFromBeforeAreNotAStore()
    {
        // Junk where the store would be: without a set there is no store to read.
        new Span<byte>(ctx.Data - 216, 216).Fill(0xFF);
        Assert.False(ctx.Traits.TryGet(0, out ulong _));
        Assert.Equal(-Errno.ENOENT, ctx.Traits.Delete(0));
        Assert.Equal(0, ctx.Traits.Set(1, (ushort)5));
        Assert.Equal(Convert.FromHexString("0000000000000000020000000000000000000000000000000500"), ctx.TraitStoreBytes);
    }
}
