namespace TraitsBpf.Traits.Tests.Contexts;

/// <summary>What a <see cref="Trait{T}"/> accepts as a name and a value type.</summary>
public sealed class TraitDeclarationTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("_")]
    [InlineData("packet_id")]
    [InlineData("x9_")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789_abcdefghijk")]
    public void ValidNames(string name) => Assert.Equal(name, new Trait<ulong>(name).Name);

    [Theory]
    [InlineData("")]
    [InlineData("9lives")]
    [InlineData("Packet")]
    [InlineData("packet-id")]
    [InlineData("packet id")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789_abcdefghijkl")]
    [InlineData("é")]
    public void InvalidNames(string name) => Assert.Throws<ArgumentException>(() => new Trait<ulong>(name));

    [Fact]
    public void SizesAreTheStoredSizes()
    {
        Assert.Equal(0, new Trait<TraitFlag>("f").Size);
        Assert.Equal(2, new Trait<ushort>("s").Size);
        Assert.Equal(4, new Trait<float>("r").Size);
        Assert.Equal(8, new Trait<ulong>("l").Size);
        Assert.Equal(16, new Trait<Guid>("g").Size);
        Assert.Equal(16, new Trait<Ipv6Address>("a").Size);
    }

    [Fact]
    public void OtherSizesAreRefused()
    {
        Assert.Throws<ArgumentException>(() => new Trait<byte>("b"));
        Assert.Throws<ArgumentException>(() => new Trait<ThreeBytes>("t"));
        Assert.Throws<ArgumentException>(() => new Trait<TwelveBytes>("t"));
        Assert.Throws<ArgumentException>(() => new Trait<(Guid, Guid)>("d"));
    }
}
