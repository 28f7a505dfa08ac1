using Microsoft.Extensions.Logging;
using TraitsBpf.Cli.Sources;
using TraitsBpf.Loader;
using TraitsBpf.Loader.Attach;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Traits;

namespace TraitsBpf.Cli.Output;

/// <summary>
/// The packet traits of an object about to be loaded: its manifest, checked against the kernel
/// (a kfunc-backend object on a kernel without the kfuncs stops here, before anything is loaded),
/// and its named traits' keys from the host registry, written into its .rodata.
/// </summary>
/// <param name="Manifest">What the object declares.</param>
/// <param name="Keys">The key of each named trait.</param>
internal sealed record ObjectTraits(TraitManifest Manifest, IReadOnlyDictionary<string, int> Keys)
{
    /// <summary>Prepares <paramref name="obj"/> (opened from <paramref name="image"/>, not yet loaded); null when it uses no traits.</summary>
    public static ObjectTraits? Prepare(ObjectImage image, BpfObject obj, BpfProgram program, CliContext context)
    {
        var manifest = TraitManifest.Read(image.Elf);
        if (manifest is null)
            return null;
        string owner = $"program '{program.Name}' ({image.Origin})";
        TraitKfuncSupport.Require(manifest, KernelFeatures.Current, owner);
        var keys = new HostTraitRegistry(context.Logger).Assign(manifest, owner);
        TraitKeyBinding.Apply(obj, manifest, keys);
        var traits = new ObjectTraits(manifest, keys);
        context.Logger.LogInformation("traits: {Summary}", traits.Summary);
        return traits;
    }

    /// <summary>"meta backend; packet_id = key 63; integer keys 5, 6".</summary>
    public string Summary =>
        Describe(BackendName(Manifest.Backend), Manifest.Traits.Count > 0 ? string.Join(", ", Manifest.Traits.Select(t => $"{t.Name} = key {Keys[t.Name]}")) : null, Manifest.Keys);

    /// <summary>What the attachment record keeps.</summary>
    public AttachmentTraits ToRecord() => new(BackendName(Manifest.Backend), Manifest.Traits.Select(t => t.Name).ToList(), Manifest.Keys);

    /// <summary>
    /// How load, list and compile print an object's traits: "meta backend; NAMED; integer keys 5, 6",
    /// leaving out the named traits (each verb says them its own way) or the keys when there are none.
    /// </summary>
    public static string Describe(string backend, string? named, IReadOnlyList<int> keys)
    {
        var parts = new List<string> { $"{backend} backend" };
        if (named is not null)
            parts.Add(named);
        if (keys.Count > 0)
            parts.Add($"integer key{(keys.Count == 1 ? "" : "s")} {string.Join(", ", keys)}");
        return string.Join("; ", parts);
    }

    /// <summary>"kfunc" or "meta".</summary>
    public static string BackendName(TraitsBackendKind backend) => backend == TraitsBackendKind.Kfunc ? Abi.TraitsBackendNames.Kfunc : Abi.TraitsBackendNames.Meta;
}
