namespace TraitsBpf.Traits.Tests.Contexts;

/// <summary><c>ctx.Traits</c> on a TC context run as managed code: the sk_buff extension's rules.</summary>
public sealed class TcTraitsTests
{
    private static readonly byte[] Frame = new byte[60];

    [Fact]
    public void TraitsAnXdpProgramLeftReachTc()
    {
        using var xdp = XdpContext.ForPacket(Frame);
        Assert.Equal(0, xdp.Traits.Set(7, 0x1122334455667788UL));
        Assert.Equal(0, xdp.Traits.Set(40, default(TraitFlag)));

        using var tc = TcContext.ForPacket(xdp.Packet, xdp.TraitStoreBytes);
        Assert.True(tc.Traits.TryGet(7, out ulong value));
        Assert.Equal(0x1122334455667788UL, value);
        Assert.True(tc.Traits.TryGet(40, out TraitFlag _));
        Assert.Equal(xdp.TraitStoreBytes, tc.TraitStoreBytes);
    }

    [Fact]
    public void APacketWithoutTraitsHasNoStoreUntilASetSucceeds()
    {
        using var tc = TcContext.ForPacket(Frame, null);
        Assert.False(tc.Traits.TryGet(0, out uint _));
        Assert.Equal(-Errno.ENOENT, tc.Traits.Delete(0));
        Assert.Equal(-Errno.EINVAL, tc.Traits.Delete(64));
        Assert.Equal(-Errno.ENOENT, tc.Traits.Set(0, 1u, TraitFlags.Exist));
        Assert.Equal(-Errno.EINVAL, tc.Traits.Set(64, 1u));
        Assert.Empty(tc.TraitStoreBytes);
        Assert.Equal(0, tc.Traits.Set(0, 1u));
        Assert.Equal(28, tc.TraitStoreBytes.Length);
        Assert.Equal(0, tc.Traits.Delete(0));
        Assert.Empty(tc.TraitStoreBytes);
    }

    [Fact]
    public void TheExtensionHoldsAFull256ByteStore()
    {
        using var tc = TcContext.ForPacket(Frame);
        for (int key = 0; key < 14; key++)
        {
            Assert.Equal(0, tc.Traits.Set(key, Guid.NewGuid()));
        }

        Assert.Equal(-Errno.ENOSPC, tc.Traits.Set(14, Guid.NewGuid()));
        Assert.Equal(0, tc.Traits.Set(14, 14UL));
        Assert.Equal(TraitStore.MaxSize, tc.TraitStoreBytes.Length);
        Assert.Equal(-Errno.ENOSPC, tc.Traits.Set(15, (ushort)1));
        Assert.Equal(0, tc.Traits.Set(15, default(TraitFlag)));
    }

    [Fact]
    public void AnEmptyStoreMeansNoTraits()
    {
        using var tc = TcContext.ForPacket(Frame, new byte[TraitStore.HeaderSize]);
        Assert.Empty(tc.TraitStoreBytes);
    }

    [Theory]
    [InlineData("00")]
    [InlineData("000000000000000000000000000000000000000000000000ff")]
    [InlineData("010000000000000000000000000000000000000000000000ff")]
    [InlineData("0000000000000000010000000000000001000000000000000000000000000000000000")]
    [InlineData("00000000000000000100000000000000000000000000000000")]
    public void BytesThatAreNotAStoreAreRefused(string hex) =>
        Assert.Throws<ArgumentException>(() => TcContext.ForPacket(Frame, Convert.FromHexString(hex)));
}
