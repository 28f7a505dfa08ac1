using TraitsBpf.Compiler;
using TraitsBpf.Loader;
using TraitsBpf.Loader.Skeleton;
using TraitsBpf.Samples;

namespace TraitsBpf.Skeleton.Tests;

/// <summary>A skeleton cannot give named packet traits their keys (the host registry is traitsbpf load's), so it refuses such an object before the kernel sees it.</summary>
public sealed class TraitsRefusalTests
{
    [Fact]
    public void An_object_with_named_traits_is_refused_at_load_naming_them()
    {
        var tagger = BpfCompiler.Compile(typeof(TrafficTagger).Assembly.Location, new CompilerOptions { Programs = ["tagger"] });
        using var skeleton = new AnySkeleton(BpfObject.OpenMemory(tagger.Object, "tagger"));

        var refusal = Assert.Throws<LoaderException>(skeleton.Load);

        Assert.Equal(LoaderErrorKind.Unsupported, refusal.Kind);
        Assert.Contains("object 'tagger' uses named packet traits (packet_id", refusal.Message, StringComparison.Ordinal);
        Assert.EndsWith("attach it with traitsbpf load", refusal.Message, StringComparison.Ordinal);
        Assert.False(skeleton.IsLoaded);
    }

    private sealed class AnySkeleton(BpfObject obj) : BpfSkeleton(obj);
}
