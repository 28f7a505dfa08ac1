using TraitsBpf.Abi;
using TraitsBpf.Compiler;
using TraitsBpf.Loader;
using TraitsBpf.Loader.Traits;

namespace TraitsBpf.Traits.Tests.LoaderSide;

/// <summary>Reading the compiler's <c>.traitsbpf.traits</c> manifest and the trait kfuncs an object calls.</summary>
public sealed class TraitManifestTests
{
    private static readonly string Assembly = typeof(RegistryPrograms).Assembly.Location;

    [Fact]
    public void AMetaObjectListsItsNamedTraitsAndIntegerKeys()
    {
        var manifest = TraitManifest.Read(Compile("reg_tag", TraitsBackend.Meta));
        Assert.NotNull(manifest);
        Assert.Equal(TraitsBackend.Meta, manifest.Backend);
        var trait = Assert.Single(manifest.Traits);
        Assert.Equal(new TraitsManifestEntry("tbpf_test_tag", 8, "System.UInt64", "__trait_tbpf_test_tag"), trait);
        Assert.Equal([RegistryPrograms.IntegerKey], manifest.Keys);
        Assert.Empty(manifest.Kfuncs);
    }

    [Fact]
    public void AKfuncObjectListsTheKfuncsItCalls()
    {
        var manifest = TraitManifest.Read(Compile("tr_tag", TraitsBackend.Kfunc));
        Assert.NotNull(manifest);
        Assert.Equal(TraitsBackend.Kfunc, manifest.Backend);
        Assert.Equal(["bpf_xdp_trait_get", "bpf_xdp_trait_set", "bpf_xdp_trait_del"], manifest.Kfuncs);
        Assert.Equal([5, 6], manifest.Keys);
    }

    [Fact]
    public void AnObjectWithoutTraitsHasNoManifest() => Assert.Null(TraitManifest.Read(Compile("tv_packet", TraitsBackend.Meta)));

    [Fact]
    public void BytesThatAreNoObjectAreRefused()
    {
        var error = Assert.Throws<LoaderException>(() => TraitManifest.Read(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1 }));
        Assert.Equal(LoaderErrorKind.NotAnObject, error.Kind);
    }

    [Fact]
    public void AWellFormedManifestParses()
    {
        var manifest = TraitManifest.Parse("backend meta\ntrait a_b 16 My.Type`1<System.Guid> __trait_a_b\ntrait f 0 TraitsBpf.TraitFlag v\nkey 63\nkey 0\nkey 63\n", []);
        Assert.Equal(TraitsBackend.Meta, manifest.Backend);
        Assert.Equal(["a_b", "f"], manifest.Traits.Select(t => t.Name));
        Assert.Equal(16, manifest.Traits[0].Size);
        Assert.Equal("My.Type`1<System.Guid>", manifest.Traits[0].TypeName);
        Assert.Equal([0, 63], manifest.Keys);
    }

    [Theory]
    [InlineData("")]
    [InlineData("trait a 8 T v\n")]
    [InlineData("backend meta\nbackend kfunc\n")]
    [InlineData("backend ebpf\n")]
    [InlineData("backend meta\ntrait A 8 T v\n")]
    [InlineData("backend meta\ntrait 9a 8 T v\n")]
    [InlineData("backend meta\ntrait a 3 T v\n")]
    [InlineData("backend meta\ntrait a 32 T v\n")]
    [InlineData("backend meta\ntrait a -8 T v\n")]
    [InlineData("backend meta\ntrait a 8 T\n")]
    [InlineData("backend meta\ntrait a 8 T v/../x\n")]
    [InlineData("backend meta\ntrait a 8 T v\ntrait a 8 T w\n")]
    [InlineData("backend meta\nkey 64\n")]
    [InlineData("backend meta\nkey x\n")]
    [InlineData("backend meta\nmap a\n")]
    [InlineData("backend meta\r\n")]
    public void MalformedManifestsAreRefused(string text)
    {
        var error = Assert.Throws<LoaderException>(() => TraitManifest.Parse(text, []));
        Assert.Equal(LoaderErrorKind.NotAnObject, error.Kind);
        Assert.StartsWith("the object's traits manifest (.traitsbpf.traits) is malformed", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Compile(string program, TraitsBackend backend) =>
        BpfCompiler.Compile(Assembly, new CompilerOptions { Programs = [program], Traits = backend }).Object;
}
