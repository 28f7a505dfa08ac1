using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace TraitsBpf.Differential.Tests.Kernel;

/// <summary>
/// The C twins of the samples (Programs/Samples/c/*.bpf.c, copied next to the tests), compiled
/// with clang exactly as the project documents. A twin file defines one or more programs, each
/// under the name of the C# program it mirrors.
/// </summary>
public static partial class ClangTwins
{
    /// <summary>The clang command line, minus input and output.</summary>
    public static readonly IReadOnlyList<string> ClangArguments = ["-O2", "-mcpu=v3", "-g", "-target", "bpf", "-I/usr/include/x86_64-linux-gnu"];

    private static readonly ConcurrentDictionary<string, byte[]> Objects = new();

    /// <summary>The directory holding the twins.</summary>
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "c");

    /// <summary>Every twin file and the programs it defines.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Files() => FilesIn(Directory);

    /// <summary>Every C file in <paramref name="directory"/> (the samples' twins or the ports') and the programs it defines.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> FilesIn(string directory) =>
        System.IO.Directory.GetFiles(directory, "*.bpf.c").Order(StringComparer.Ordinal)
            .ToDictionary(path => path, path => (IReadOnlyList<string>)ProgramDefinition().Matches(File.ReadAllText(path)).Select(m => m.Groups["name"].Value).ToList());

    /// <summary>The twin file that defines <paramref name="program"/>, or null.</summary>
    public static string? FileDefining(string program) =>
        Files().Where(f => f.Value.Contains(program)).Select(f => f.Key).FirstOrDefault();

    /// <summary>The object clang makes of the twin that defines <paramref name="program"/> (compiled once per run).</summary>
    public static byte[] ObjectFor(string program)
    {
        string source = FileDefining(program) ?? throw new FileNotFoundException($"No C twin in {Directory} defines a program named '{program}'.");
        return Objects.GetOrAdd(source, Compile);
    }

    /// <summary>
    /// Compiles <paramref name="source"/> with clang to an object's bytes, with the twins'
    /// directory on the include path (for trait_store.h and checksum.h); a failure carries clang's message.
    /// </summary>
    public static byte[] Compile(string source) => Compile(source, []);

    /// <summary>Compiles <paramref name="source"/> as <see cref="Compile(string)"/> does, with <paramref name="extraArguments"/> (such as -D definitions) before the input.</summary>
    public static byte[] Compile(string source, IReadOnlyList<string> extraArguments)
    {
        string output = Path.Combine(Path.GetTempPath(), $"traitsbpf-twin-{Environment.ProcessId}-{Path.GetFileNameWithoutExtension(source)}-{Guid.NewGuid():N}.o");
        var start = new ProcessStartInfo("clang") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in ClangArguments.Concat([$"-I{Directory}", .. extraArguments, "-c", source, "-o", output]))
        {
            start.ArgumentList.Add(argument);
        }

        using var clang = Process.Start(start) ?? throw new InvalidOperationException("clang did not start");
        string errors = clang.StandardError.ReadToEnd();
        clang.WaitForExit();
        if (clang.ExitCode != 0)
        {
            throw new InvalidOperationException($"clang failed on {source} (exit {clang.ExitCode}):{Environment.NewLine}{errors}");
        }

        try
        {
            return File.ReadAllBytes(output);
        }
        finally
        {
            File.Delete(output);
        }
    }

    [GeneratedRegex(@"SEC\(""[^""]+""\)\s*int\s+(?<name>\w+)\s*\(")]
    private static partial Regex ProgramDefinition();
}
