using System.Globalization;
using System.Text;

namespace TraitsBpf.Abi;

/// <summary>
/// What an object says about its packet traits, in its <see cref="SectionName"/> section: UTF-8
/// lines <c>backend kfunc|meta</c>, <c>trait NAME SIZE TYPE VARIABLE</c> per named trait and
/// <c>key N</c> per constant integer key the programs use. The compiler writes it with
/// <see cref="Encode"/>; the loader reads it with <see cref="Parse(ReadOnlySpan{byte})"/>, as hostile input.
/// </summary>
/// <param name="Backend">The backend the object was compiled for (<see cref="TraitsBackendNames"/>).</param>
/// <param name="Traits">The named traits, each once.</param>
/// <param name="Keys">The constant integer keys the programs use, ascending, each once.</param>
public sealed record TraitsManifest(string Backend, IReadOnlyList<TraitsManifestEntry> Traits, IReadOnlyList<int> Keys)
{
    /// <summary>The ELF section that holds the manifest.</summary>
    public const string SectionName = ".traitsbpf.traits";

    /// <summary>The manifest's largest size: far more than 64 traits need.</summary>
    public const int MaxSize = 64 * 1024;

    private const int MaxTypeNameLength = 1024;
    private const int MaxVariableLength = 256;

    /// <summary>The section's bytes.</summary>
    public byte[] Encode()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"backend {Backend}\n");
        foreach (var trait in Traits.DistinctBy(t => t.Name))
        {
            text.Append(CultureInfo.InvariantCulture, $"trait {trait.Name} {trait.Size} {trait.TypeName} {trait.KeyVariable}\n");
        }

        foreach (int key in Keys.Distinct().Order())
        {
            text.Append(CultureInfo.InvariantCulture, $"key {key}\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Reads a manifest's bytes.</summary>
    /// <exception cref="TraitsManifestException">The bytes are not a well-formed manifest.</exception>
    public static TraitsManifest Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxSize)
        {
            throw new TraitsManifestException($"it is {bytes.Length} bytes, more than {MaxSize}");
        }

        try
        {
            return Parse(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes));
        }
        catch (DecoderFallbackException)
        {
            throw new TraitsManifestException("it is not UTF-8");
        }
    }

    /// <summary>Reads a manifest's text.</summary>
    /// <exception cref="TraitsManifestException">The text is not a well-formed manifest.</exception>
    public static TraitsManifest Parse(string text)
    {
        string? backend = null;
        var traits = new List<TraitsManifestEntry>();
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
                    backend = TraitsBackendNames.IsValid(fields[1]) ? fields[1] : throw Malformed($"line {number} names an unknown backend '{fields[1]}'");
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
                    keys.Add(ParseNumber(fields[1], 0, TraitKeys.Max, "key", number));
                    break;
                default:
                    throw Malformed($"line {number} is not 'backend', 'trait' or 'key' with their fields");
            }
        }

        return new TraitsManifest(backend ?? throw Malformed("it names no backend"), traits, [.. keys]);
    }

    private static TraitsManifestEntry ParseTrait(string[] fields, int number)
    {
        string name = fields[1];
        if (!TraitNames.IsValid(name))
        {
            throw Malformed($"line {number} has an invalid trait name");
        }

        int size = ParseNumber(fields[2], 0, TraitValueSizes.Max, "size", number);
        if (!TraitValueSizes.IsValid(size))
        {
            throw Malformed($"line {number} gives trait '{name}' a size of {size} bytes");
        }

        string type = fields[3];
        if (type.Length is 0 or > MaxTypeNameLength || type.Any(char.IsControl))
        {
            throw Malformed($"line {number} gives trait '{name}' an invalid type name");
        }

        string variable = fields[4];
        if (variable.Length is 0 or > MaxVariableLength || !variable.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '$'))
        {
            throw Malformed($"line {number} gives trait '{name}' an invalid key variable");
        }

        return new TraitsManifestEntry(name, size, type, variable);
    }

    private static int ParseNumber(string text, int min, int max, string what, int number)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
        {
            throw Malformed($"line {number} has a {what} that is not a number from {min} to {max}");
        }

        return value;
    }

    private static TraitsManifestException Malformed(string what) => new(what);
}
