using System.Text;

namespace TraitsBpf.Compiler.Tests.Golden;

/// <summary>
/// Compares text with a checked-in file in this folder. With <c>TRAITSBPF_UPDATE_GOLDEN=1</c>
/// the file is rewritten instead, so a deliberate change is one test run and a reviewed diff.
/// </summary>
internal static class GoldenFile
{
    public const string UpdateVariable = "TRAITSBPF_UPDATE_GOLDEN";

    /// <summary>The source folder of the golden files (found from the test binary, so updates land in the repository).</summary>
    public static string Folder { get; } = FindFolder();

    public static void Check(string fileName, string actual)
    {
        string path = Path.Combine(Folder, fileName);
        actual = actual.ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        if (!File.Exists(path))
        {
            Assert.Fail($"{path} does not exist; run the tests with {UpdateVariable}=1 to write it. The output was:\n{actual}");
        }

        string expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (expected != actual)
        {
            Assert.Fail($"{fileName} differs from the output (- expected, + actual); if the change is intended, run the tests with {UpdateVariable}=1 and review the diff.\n{Diff(expected, actual)}");
        }
    }

    /// <summary>A line diff (longest common subsequence), with unchanged lines prefixed by two spaces.</summary>
    public static string Diff(string expected, string actual)
    {
        string[] a = expected.Split('\n');
        string[] b = actual.Split('\n');
        var common = new int[a.Length + 1, b.Length + 1];
        for (int i = a.Length - 1; i >= 0; i--)
        {
            for (int j = b.Length - 1; j >= 0; j--)
            {
                common[i, j] = a[i] == b[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }

        var text = new StringBuilder();
        int x = 0;
        int y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                text.Append("  ").Append(a[x++]).Append('\n');
                y++;
            }
            else if (y < b.Length && (x == a.Length || common[x, y + 1] > common[x + 1, y]))
            {
                text.Append("+ ").Append(b[y++]).Append('\n');
            }
            else
            {
                text.Append("- ").Append(a[x++]).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string FindFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TraitsBpf.Compiler.Tests.csproj")))
            {
                return Path.Combine(directory.FullName, "Golden");
            }
        }

        throw new InvalidOperationException($"no TraitsBpf.Compiler.Tests.csproj above {AppContext.BaseDirectory}: the golden files are read from the test project's source folder");
    }
}
