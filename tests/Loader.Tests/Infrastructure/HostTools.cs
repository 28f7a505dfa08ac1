using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using TraitsBpf.TestSupport.Host;

namespace TraitsBpf.Loader.Tests.Infrastructure;

/// <summary>
/// Small C programs in tools/ that give the tests a view of the kernel independent of traitsbpf,
/// built with the system's C compiler against libbpf on first use and cached by source hash.
/// </summary>
public static class HostTools
{
    private static readonly string s_sourceDirectory = System.IO.Path.Combine(AppContext.BaseDirectory, "tools");
    private static readonly ConcurrentDictionary<string, Lazy<string>> s_tools = new(StringComparer.Ordinal);

    /// <summary>The path of the built tools/<paramref name="name"/>.c.</summary>
    public static string Path(string name) => s_tools.GetOrAdd(name, n => new Lazy<string>(() => Build(n))).Value;

    private static string Build(string name)
    {
        var source = System.IO.Path.Combine(s_sourceDirectory, name + ".c");
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(File.ReadAllText(source))))[..12];
        var directory = Directory.CreateDirectory(System.IO.Path.Combine(AppContext.BaseDirectory, "host-tools", hash)).FullName;
        var output = System.IO.Path.Combine(directory, name);
        if (File.Exists(output))
            return output;
        var temporary = output + $".{Environment.ProcessId}.tmp";
        Run.Command("cc", "-O2", "-Wall", "-Werror", "-o", temporary, source, "-lbpf").EnsureSuccess();
        File.Move(temporary, output, overwrite: true);
        return output;
    }
}
