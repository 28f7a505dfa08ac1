using TraitsBpf.Abi;

namespace TraitsBpf.Traits.Tests.Abi;

/// <summary>
/// The traits ABI is defined once (TraitsBpf.Abi): the C twins' header is generated from it, the
/// SDK's store code uses its numbers, and the manifest the compiler writes is the one the loader
/// reads.
/// </summary>
public sealed class TraitsAbiTests
{
    private static readonly string HeaderPath = Path.Combine(TestSupport.Host.Repository.Root, "Programs", "Samples", "c", "traits_abi.h");

    [Fact]
    public void TheCTwinsHeaderIsWhatTheAbiGenerates()
    {
        var generated = TraitsAbiCHeader.Generate();
        if (Environment.GetEnvironmentVariable("TRAITSBPF_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(HeaderPath, generated);
        }

        Assert.True(File.ReadAllText(HeaderPath) == generated,
            $"{HeaderPath} differs from TraitsAbiCHeader.Generate(); run the tests with TRAITSBPF_UPDATE_GOLDEN=1 to regenerate it");
    }

    [Fact]
    public void TraitStoreHDefinesNoAbiNumberOfItsOwn()
    {
        var store = File.ReadAllText(Path.Combine(Path.GetDirectoryName(HeaderPath)!, "trait_store.h"));
        Assert.Contains("#include \"traits_abi.h\"", store, StringComparison.Ordinal);
        foreach (var name in new[] { "TRAIT_HEADER_SIZE", "TRAIT_MAX_SIZE", "TRAIT_MAX_KEY", "TRAIT_MAX_VALUE_SIZE", "TRAIT_F_NOEXIST", "TRAIT_F_EXIST", "TRAIT_META_ROOM" })
        {
            Assert.DoesNotContain($"#define {name} ", store, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TheSdkUsesTheAbisNumbers()
    {
        Assert.Equal(TraitStoreFormat.HeaderSize, TraitStore.HeaderSize);
        Assert.Equal(TraitStoreFormat.MaxSize, TraitStore.MaxSize);
        Assert.Equal(TraitKeys.Max, TraitRegistry.MaxKey);
    }

    [Fact]
    public void AManifestReadsBackAsWritten()
    {
        var manifest = new TraitsManifest(TraitsBackendNames.Kfunc,
            [new TraitsManifestEntry("packet_id", 8, "System.UInt64", "__trait_packet_id"), new TraitsManifestEntry("seen", 0, "TraitsBpf.TraitFlag", "__trait_seen")],
            [0, 7, 63]);
        var read = TraitsManifest.Parse(manifest.Encode());
        Assert.Equal(manifest.Backend, read.Backend);
        Assert.Equal(manifest.Traits, read.Traits);
        Assert.Equal(manifest.Keys, read.Keys);
    }

    [Theory]
    [InlineData("backend meta\nkey 64\n")]
    [InlineData("backend other\n")]
    [InlineData("trait a 8 T v\n")]
    [InlineData("backend meta\ntrait A 8 T v\n")]
    [InlineData("backend meta\ntrait a 3 T v\n")]
    public void AMalformedManifestIsRefused(string text) =>
        Assert.Throws<TraitsManifestException>(() => TraitsManifest.Parse(System.Text.Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void TheKfuncsAreInTheAbisOrder() =>
        Assert.Equal(["bpf_xdp_trait_get", "bpf_xdp_trait_set", "bpf_xdp_trait_del", "bpf_skb_trait_get", "bpf_skb_trait_set", "bpf_skb_trait_del"], TraitKfuncs.All);
}
