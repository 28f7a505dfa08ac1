using TraitsBpf.Loader.Attach;
using TraitsBpf.Loader.Traits;
using TraitsBpf.Abi;

namespace TraitsBpf.Loader.Loading;

/// <summary>
/// The packet traits of a loaded object: its manifest, and the key of each named trait that
/// the registry step of a <see cref="LoadSequence"/> took from the host registry and wrote into its .rodata.
/// </summary>
/// <param name="Manifest">What the object declares.</param>
/// <param name="Keys">The key of each named trait.</param>
public sealed record ObjectTraits(TraitManifest Manifest, IReadOnlyDictionary<string, int> Keys)
{
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
        ArgumentNullException.ThrowIfNull(keys);
        var parts = new List<string> { $"{backend} backend" };
        if (named is not null)
            parts.Add(named);
        if (keys.Count > 0)
            parts.Add($"integer key{(keys.Count == 1 ? "" : "s")} {string.Join(", ", keys)}");
        return string.Join("; ", parts);
    }

    /// <summary>"kfunc" or "meta".</summary>
    public static string BackendName(TraitsBackend backend) => Abi.TraitsBackendNames.Of(backend);
}
