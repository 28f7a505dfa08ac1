namespace TraitsBpf.Traits.Tests.Registry;

/// <summary>Managed key assignment for named traits.</summary>
[Collection(RegistryCollection.Name)]
public sealed class TraitRegistryTests : IDisposable
{
    public TraitRegistryTests() => TraitRegistry.Reset();

    public void Dispose() => TraitRegistry.Reset();

    [Fact]
    public void NewNamesCountDownFrom63AndKeepTheirKeys()
    {
        var a = new Trait<ulong>("alpha");
        var b = new Trait<uint>("beta");
        Assert.Equal(63, a.Key);
        Assert.Equal(62, b.Key);
        Assert.Equal(63, a.Key);
        Assert.Equal(63, new Trait<ulong>("alpha").Key);
    }

    [Fact]
    public void ExplicitKeysAreKeptAndSkipped()
    {
        TraitRegistry.Register("gamma", 63);
        TraitRegistry.Register("gamma", 63);
        Assert.Equal(62, new Trait<ushort>("delta").Key);
        Assert.Equal(63, new Trait<ushort>("gamma").Key);
    }

    [Fact]
    public void ANameHasOneSizeAndType()
    {
        Assert.Equal(63, new Trait<ulong>("epsilon").Key);
        var size = Assert.Throws<InvalidOperationException>(() => new Trait<uint>("epsilon").Key);
        Assert.Contains("8-byte System.UInt64", size.Message, StringComparison.Ordinal);
        var type = Assert.Throws<InvalidOperationException>(() => new Trait<long>("epsilon").Key);
        Assert.Contains("System.Int64", type.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeysAndNamesDoNotClash()
    {
        TraitRegistry.Register("zeta", 7);
        Assert.Throws<InvalidOperationException>(() => TraitRegistry.Register("zeta", 8));
        Assert.Throws<InvalidOperationException>(() => TraitRegistry.Register("eta", 7));
        Assert.Throws<ArgumentOutOfRangeException>(() => TraitRegistry.Register("theta", 64));
        Assert.Throws<ArgumentOutOfRangeException>(() => TraitRegistry.Register("theta", -1));
    }

    [Fact]
    public void SixtyFourNamesFillEveryKeyAndASixtyFifthGetsNone()
    {
        var keys = Enumerable.Range(0, 64).Select(i => new Trait<TraitFlag>($"t{i}").Key).ToList();
        Assert.Equal(Enumerable.Range(0, 64).Reverse(), keys);
        Assert.Throws<InvalidOperationException>(() => new Trait<TraitFlag>("t64").Key);
    }

    [Fact]
    public void ResetForgetsEverything()
    {
        TraitRegistry.Register("iota", 3);
        TraitRegistry.Reset();
        Assert.Equal(63, new Trait<ushort>("iota").Key);
    }
}
