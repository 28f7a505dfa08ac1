using System.Globalization;
using System.Text;
using TraitsBpf.Compiler.Object;
using TraitsBpf.Loader.Kernel;

namespace TraitsBpf.Loader.Traits;

/// <summary>
/// What an object says about its packet traits: the <c>.traitsbpf.traits</c> section the compiler
/// writes (UTF-8 lines: <c>backend kfunc|meta</c>, <c>trait NAME SIZE TYPE VARIABLE</c> per named
/// trait, <c>key N</c> per constant integer key), and the trait kfuncs the object calls (its
/// undefined function symbols). Objects are hostile input: anything malformed is a
/// <see cref="LoaderException"/> of kind <see cref="LoaderErrorKind.NotAnObject"/>.
/// </summary>
/// <param name="Backend">The backend the object was compiled for.</param>
/// <param name="Traits">The named traits, each once.</param>
/// <param name="Keys">The constant integer keys the programs use.</param>
/// <param name="Kfuncs">The trait kfuncs the object calls, in the ABI's order (XDP get, set, del, then skb).</param>
public sealed record TraitManifest(
    TraitsBackendKind Backend,
    IReadOnlyList<ManifestTrait> Traits,
    IReadOnlyList<int> Keys,
    IReadOnlyList<string> Kfuncs)
{
    /// <summary>The section the compiler writes.</summary>
    public const string SectionName = ".traitsbpf.traits";

    /// <summary>The manifest's largest size: far more than 64 traits need.</summary>
    private const int MaxSectionSize = 64 * 1024;

    /// <summary>The largest trait key: a packet carries 64 traits.</summary>
    internal const int MaxKey = 63;

    /// <summary>The longest value type name accepted.</summary>
    private const int MaxTypeNameLength = 1024;

    /// <summary>The manifest of the object <paramref name="elf"/>, or null when it has none (it uses no traits).</summary>
    /// <exception cref="LoaderException">The object or its manifest is malformed.</exception>
    public static TraitManifest? Read(ReadOnlyMemory<byte> elf)
    {
        Compiler.Object.Reading.ObjectFile file;
        try
        {
            file = ObjectReader.Read(elf);
        }
        catch (ObjectFormatException e)
        {
            throw new LoaderException(LoaderErrorKind.NotAnObject, $"the object is malformed: {e.Message.TrimEnd('.')}");
        }

        var undefined = file.Symbols.Where(s => s.SectionIndex == 0).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var kfuncs = KernelFeatures.TraitKfuncNames.Where(undefined.Contains).ToList();
        var section = file.FindSection(SectionName);
        if (section is null)
        {
            return kfuncs.Count == 0 ? null : new TraitManifest(TraitsBackendKind.Kfunc, [], [], kfuncs);
        }

        if (section.Data.Length > MaxSectionSize)
        {
            throw Malformed($"it is {section.Data.Length} bytes, more than {MaxSectionSize}");
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(section.Data.Span);
        }
        catch (DecoderFallbackException)
        {
            throw Malformed("it is not UTF-8");
        }

        return Parse(text, kfuncs);
    }

    /// <summary>Parses the manifest's text.</summary>
    internal static TraitManifest Parse(string text, IReadOnlyList<string> kfuncs)
    {
        TraitsBackendKind? backend = null;
        var traits = new List<ManifestTrait>();
        var keys = new SortedSet<int>();
        int number = 0;
        foreach (var line in text.Split('\n'))
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(' ');
            switch (fields[0])
            {
                case "backend" when fields.Length == 2 && backend is null:
                    backend = fields[1] switch
                    {
                        "kfunc" => TraitsBackendKind.Kfunc,
                        "meta" => TraitsBackendKind.Meta,
                        _ => throw Malformed($"line {number} names an unknown backend '{fields[1]}'"),
                    };
                    break;
                case "trait" when fields.Length == 5:
                    var trait = ParseTrait(fields, number);
                    if (traits.Any(t => t.Name == trait.Name))
                    {
                        throw Malformed($"line {number} declares trait '{trait.Name}' a second time");
                    }

                    traits.Add(trait);
                    break;
                case "key" when fields.Length == 2:
                    keys.Add(ParseNumber(fields[1], 0, MaxKey, "key", number));
                    break;
                default:
                    throw Malformed($"line {number} is not 'backend', 'trait' or 'key' with their fields");
            }
        }

        return new TraitManifest(backend ?? throw Malformed("it names no backend"), traits, keys.ToList(), kfuncs);
    }

    private static ManifestTrait ParseTrait(string[] fields, int number)
    {
        string name = fields[1];
        if (!IsTraitName(name))
        {
            throw Malformed($"line {number} has an invalid trait name");
        }

        int size = ParseNumber(fields[2], 0, 16, "size", number);
        if (!IsTraitSize(size))
        {
            throw Malformed($"line {number} gives trait '{name}' a size of {size} bytes");
        }

        string type = fields[3];
        if (type.Length is 0 or > MaxTypeNameLength || type.Any(char.IsControl))
        {
            throw Malformed($"line {number} gives trait '{name}' an invalid type name");
        }

        string variable = fields[4];
        if (variable.Length is 0 or > 256 || !variable.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '$'))
        {
            throw Malformed($"line {number} gives trait '{name}' an invalid key variable");
        }

        return new ManifestTrait(name, size, type, variable);
    }

    /// <summary>Whether <paramref name="size"/> is a trait value size: 0 (a flag), 2, 4, 8 or 16 bytes.</summary>
    internal static bool IsTraitSize(long size) => size is 0 or 2 or 4 or 8 or 16;

    /// <summary>Whether <paramref name="name"/> matches <c>^[a-z_][a-z0-9_]{0,47}$</c>.</summary>
    internal static bool IsTraitName(string name) =>
        name.Length is > 0 and <= 48
        && !char.IsAsciiDigit(name[0])
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');

    private static int ParseNumber(string text, int min, int max, string what, int number)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
        {
            throw Malformed($"line {number} has a {what} that is not a number from {min} to {max}");
        }

        return value;
    }

    private static LoaderException Malformed(string what) =>
        new(LoaderErrorKind.NotAnObject, $"the object's traits manifest ({SectionName}) is malformed: {what}");
}
