using System.Globalization;

namespace TraitsBpf.Benchmarks.Traits;

/// <summary>
/// What an sk_buff with traits costs under the kfunc backend: one object of the kernel's skb extension cache, whose
/// size is struct skb_ext's header and every configured extension's room, the trait store's 256 bytes among them.
/// </summary>
/// <param name="ObjectSize">The cache's object size (the allocation the kernel asks for).</param>
/// <param name="SlabSize">What one object takes in its slab, alignment and metadata included.</param>
public sealed record SkbExtensionMemory(int ObjectSize, int SlabSize)
{
    private const string Cache = "/sys/kernel/slab/skbuff_ext_cache";

    /// <summary>The running kernel's figures from SLUB's sysfs, or null when it has no such cache there.</summary>
    public static SkbExtensionMemory? Current() =>
        File.Exists(Path.Combine(Cache, "object_size")) && File.Exists(Path.Combine(Cache, "slab_size"))
            ? new SkbExtensionMemory(Read("object_size"), Read("slab_size"))
            : null;

    private static int Read(string file) => int.Parse(File.ReadAllText(Path.Combine(Cache, file)).Trim(), CultureInfo.InvariantCulture);
}
