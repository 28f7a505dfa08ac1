using System.Globalization;

namespace TraitsBpf.Differential.Tests.TraitStoreTwin;

/// <summary>Reads docs/traits-vectors.txt (its format is described at its top), copied beside the tests.</summary>
public static class SharedVectors
{
    /// <summary>What a get's buffer holds beforehand, so bytes the get leaves alone show.</summary>
    public const byte BufferFill = 0xEE;

    private static readonly Lazy<IReadOnlyList<SharedVector>> Cached =
        new(() => Parse(File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "traits-vectors.txt"))));

    /// <summary>Every vector in the file.</summary>
    public static IReadOnlyList<SharedVector> All => Cached.Value;

    /// <summary>Parses the file's lines; a line it does not understand is a <see cref="FormatException"/>.</summary>
    public static IReadOnlyList<SharedVector> Parse(IReadOnlyList<string> lines)
    {
        var vectors = new List<SharedVector>();
        string? name = null;
        int room = 0;
        var steps = new List<SharedVectorStep>();
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            string[] f = line.Split(' ');
            if (f[0] == "vector")
            {
                if (name is not null)
                {
                    vectors.Add(new SharedVector(name, room, steps));
                }

                (name, room, steps) = (f[1], Number(f[2]), []);
                continue;
            }

            if (name is null)
            {
                throw new FormatException($"line {i + 1}: a step before any vector");
            }

            steps.Add(f[0] switch
            {
                // set KEY VALUE FLAGS => RET STORE
                "set" => new SharedVectorStep(i + 1, new StoreStep(1, Key(f[1]), (byte)Hex(f[2]).Length, Key(f[3]), Padded(Hex(f[2]), 0)), Result(f[5]), [], Hex(f[6])),
                // get KEY BUFSIZE => RET VALUE STORE
                "get" => new SharedVectorStep(i + 1, new StoreStep(0, Key(f[1]), (byte)Number(f[2]), 0, Padded([], BufferFill)), Result(f[4]), Hex(f[5]), Hex(f[6])),
                // del KEY => RET STORE
                "del" => new SharedVectorStep(i + 1, new StoreStep(2, Key(f[1]), 0, 0, new byte[16]), Result(f[3]), [], Hex(f[4])),
                _ => throw new FormatException($"line {i + 1}: unknown step '{f[0]}'"),
            });
        }

        if (name is not null)
        {
            vectors.Add(new SharedVector(name, room, steps));
        }

        return vectors;
    }

    private static byte[] Padded(byte[] value, byte fill)
    {
        var padded = new byte[16];
        Array.Fill(padded, fill);
        value.AsSpan(0, Math.Min(16, value.Length)).CopyTo(padded);
        return padded;
    }

    private static int Number(string text) => int.Parse(text, CultureInfo.InvariantCulture);

    private static ulong Key(string text) => ulong.Parse(text, CultureInfo.InvariantCulture);

    private static byte[] Hex(string text) => text == "-" ? [] : Convert.FromHexString(text);

    private static int Result(string text) => text switch
    {
        "-EINVAL" => -Errno.EINVAL,
        "-ENOENT" => -Errno.ENOENT,
        "-ENOSPC" => -Errno.ENOSPC,
        "-EEXIST" => -Errno.EEXIST,
        _ => Number(text),
    };
}
