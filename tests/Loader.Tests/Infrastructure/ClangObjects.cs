using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace TraitsBpf.Loader.Tests.Infrastructure;

/// <summary>
/// Compiles the C programs in c/ with clang (the test oracle) on first use and caches the
/// objects by content hash, so parallel tests share one compile per source.
/// </summary>
public static class ClangObjects
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> s_objects = new();
    private static readonly string s_sourceDirectory = System.IO.Path.Combine(AppContext.BaseDirectory, "c");
    private static readonly string s_outputDirectory = System.IO.Path.Combine(AppContext.BaseDirectory, "bpf-objects");

    /// <summary>The path of c/<paramref name="name"/>.c compiled to a BPF object.</summary>
    public static string Path(string name) => s_objects.GetOrAdd(name, n => new Lazy<string>(() => Compile(n))).Value;

    /// <summary>The path of c/<paramref name="name"/>.c itself.</summary>
    public static string Source(string name) => System.IO.Path.Combine(s_sourceDirectory, name + ".c");

    private static string Compile(string name)
    {
        var source = Source(name);
        if (!File.Exists(source))
            throw new FileNotFoundException($"no test program c/{name}.c", source);
        Run.RequireTool("clang");
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(File.ReadAllText(source))))[..12];
        var directory = Directory.CreateDirectory(System.IO.Path.Combine(s_outputDirectory, hash)).FullName;
        // The object keeps its plain name: libbpf names the object (and its internal maps) after the file.
        var output = System.IO.Path.Combine(directory, $"{name}.o");
        if (File.Exists(output))
            return output;

        var temporary = output + $".{Environment.ProcessId}.tmp";
        // Compiling from the source directory keeps the BTF line info's file name short ("bad_access.c").
        Run.Command("bash", "-c",
            $"cd '{s_sourceDirectory}' && clang -O2 -g -target bpf -I/usr/include/x86_64-linux-gnu -c '{name}.c' -o '{temporary}'")
            .EnsureSuccess();
        File.Move(temporary, output, overwrite: true);
        return output;
    }
}
