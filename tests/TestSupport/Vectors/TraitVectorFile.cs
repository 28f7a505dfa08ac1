using System.Globalization;

namespace TraitsBpf.TestSupport.Vectors;

/// <summary>
/// Reads docs/traits-vectors.txt (format at its top), copied beside the test assembly: one parser
/// for the managed and kernel vector tests and for the C twin store's comparison.
/// </summary>
public static class TraitVectorFile
{
    private static readonly Lazy<IReadOnlyList<TraitVector>> Cached = new(() => Parse(File.ReadAllLines(DefaultPath)));

    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "traits-vectors.txt");

    /// <summary>Every vector in the shared file.</summary>
    public static IReadOnlyList<TraitVector> All => Cached.Value;

    public static TraitVector Named(string name) => All.Single(v => v.Name == name);

    public static IReadOnlyList<TraitVector> Parse(IReadOnlyList<string> lines)
    {
        var vectors = new List<TraitVector>();
        string? name = null;
        int room = 0;
        var steps = new List<TraitStep>();
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            string[] f = line.Split(' ');
            int number = i + 1;
            if (f[0] == "vector")
            {
                if (name is not null)
                {
                    vectors.Add(new TraitVector(name, room, steps));
                }

                name = f[1];
                room = int.Parse(f[2], CultureInfo.InvariantCulture);
                steps = [];
                continue;
            }

            if (name is null)
            {
                throw new FormatException($"line {number}: a step before any vector");
            }

            steps.Add(f[0] switch
            {
                // set KEY VALUE FLAGS => RET STORE
                "set" => new TraitStep(TraitOperation.Set, ParseKey(f[1]), Hex(f[2]), ulong.Parse(f[3], CultureInfo.InvariantCulture), 0,
                    Result(f[5]), null, Hex(f[6]), number),
                // get KEY BUFSIZE => RET VALUE STORE
                "get" => new TraitStep(TraitOperation.Get, ParseKey(f[1]), [], 0, int.Parse(f[2], CultureInfo.InvariantCulture),
                    Result(f[4]), f[5] == "-" ? null : Hex(f[5]), Hex(f[6]), number),
                // del KEY => RET STORE
                "del" => new TraitStep(TraitOperation.Delete, ParseKey(f[1]), [], 0, 0, Result(f[3]), null, Hex(f[4]), number),
                _ => throw new FormatException($"line {number}: unknown step '{f[0]}'"),
            });
        }

        if (name is not null)
        {
            vectors.Add(new TraitVector(name, room, steps));
        }

        return vectors;
    }

    private static ulong ParseKey(string text) => ulong.Parse(text, CultureInfo.InvariantCulture);

    private static byte[] Hex(string text) => text == "-" ? [] : Convert.FromHexString(text);

    private static int Result(string text) => text switch
    {
        "-EINVAL" => -Errno.EINVAL,
        "-ENOENT" => -Errno.ENOENT,
        "-ENOSPC" => -Errno.ENOSPC,
        "-EEXIST" => -Errno.EEXIST,
        _ => int.Parse(text, CultureInfo.InvariantCulture),
    };
}
