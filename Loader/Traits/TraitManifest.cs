using TraitsBpf.Abi;
using TraitsBpf.Object;
using TraitsBpf.Loader.Kernel;

namespace TraitsBpf.Loader.Traits;

/// <summary>
/// What an object says about its packet traits: its <see cref="TraitsManifest"/> (the format is
/// the ABI's, in TraitsBpf.Abi), and the trait kfuncs the object calls (its undefined function
/// symbols). Objects are hostile input: anything malformed is a
/// <see cref="LoaderException"/> of kind <see cref="LoaderErrorKind.NotAnObject"/>.
/// </summary>
/// <param name="Backend">The backend the object was compiled for.</param>
/// <param name="Traits">The named traits, each once.</param>
/// <param name="Keys">The constant integer keys the programs use.</param>
/// <param name="Kfuncs">The trait kfuncs the object calls, in the ABI's order (XDP get, set, del, then skb).</param>
public sealed record TraitManifest(
    TraitsBackend Backend,
    IReadOnlyList<TraitsManifestEntry> Traits,
    IReadOnlyList<int> Keys,
    IReadOnlyList<string> Kfuncs)
{
    /// <summary>The section the compiler writes.</summary>
    public const string SectionName = TraitsManifest.SectionName;

    /// <summary>The manifest of the object <paramref name="elf"/>, or null when it has none (it uses no traits).</summary>
    /// <exception cref="LoaderException">The object or its manifest is malformed.</exception>
    public static TraitManifest? Read(ReadOnlyMemory<byte> elf) => Read(Loading.ObjectFiles.Read(elf));

    /// <summary>The manifest of the object read as <paramref name="file"/>, or null when it has none (it uses no traits).</summary>
    /// <exception cref="LoaderException">The manifest is malformed.</exception>
    public static TraitManifest? Read(Object.Reading.ObjectFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var undefined = file.Symbols.Where(s => s.SectionIndex == 0).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var kfuncs = TraitKfuncs.All.Where(undefined.Contains).ToList();
        var section = file.FindSection(SectionName);
        if (section is null)
        {
            return kfuncs.Count == 0 ? null : new TraitManifest(TraitsBackend.Kfunc, [], [], kfuncs);
        }

        try
        {
            return FromAbi(TraitsManifest.Parse(section.Data.Span), kfuncs);
        }
        catch (TraitsManifestException e)
        {
            throw Malformed(e.Message);
        }
    }

    /// <summary>Parses the manifest's text.</summary>
    internal static TraitManifest Parse(string text, IReadOnlyList<string> kfuncs)
    {
        try
        {
            return FromAbi(TraitsManifest.Parse(text), kfuncs);
        }
        catch (TraitsManifestException e)
        {
            throw Malformed(e.Message);
        }
    }

    private static TraitManifest FromAbi(TraitsManifest manifest, IReadOnlyList<string> kfuncs) => new(
        TraitsBackendNames.Parse(manifest.Backend),
        manifest.Traits,
        manifest.Keys,
        kfuncs);

    private static LoaderException Malformed(string what) =>
        new(LoaderErrorKind.NotAnObject, $"the object's traits manifest ({SectionName}) is malformed: {what}");
}
