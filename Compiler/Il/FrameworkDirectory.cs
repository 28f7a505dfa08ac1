using System.Runtime.InteropServices;
using TraitsBpf.Compiler.Diagnostics;

namespace TraitsBpf.Compiler.Il;

/// <summary>
/// Where the framework assemblies (System.Runtime.dll, ...) that a program assembly references are read from.
/// A JIT-run compiler reads them beside its own runtime; the NativeAOT traitsbpf has no framework files beside
/// it, so it reads those of an installed .NET runtime of the same major version (the one that built the program).
/// </summary>
internal static class FrameworkDirectory
{
    private const string SharedFramework = "shared/Microsoft.NETCore.App";
    private const string Marker = "System.Runtime.dll";

    private static readonly Lazy<string> Located = new(Locate);

    /// <summary>The directory; a <see cref="CompileException"/> when no .NET runtime is installed.</summary>
    public static string Path => Located.Value;

    private static string Locate()
    {
        var own = RuntimeEnvironment.GetRuntimeDirectory();
        if (File.Exists(System.IO.Path.Combine(own, Marker)))
            return own;
        var roots = InstallRoots().Distinct(StringComparer.Ordinal).ToList();
        var major = Environment.Version.Major;
        var found = roots
            .Select(root => System.IO.Path.Combine(root, SharedFramework))
            .Where(Directory.Exists)
            .SelectMany(Directory.EnumerateDirectories)
            .Select(dir => (Dir: dir, Version: Version.TryParse(System.IO.Path.GetFileName(dir).Split('-')[0], out var v) ? v : null))
            .Where(c => c.Version?.Major == major && File.Exists(System.IO.Path.Combine(c.Dir, Marker)))
            .OrderByDescending(c => c.Version)
            .Select(c => c.Dir)
            .FirstOrDefault();
        return found ?? throw new CompileException(
            $"reading a .NET assembly needs the .NET {major} runtime's framework assemblies, and none is installed under {string.Join(", ", roots)} (set DOTNET_ROOT to the .NET installation)",
            null);
    }

    /// <summary>Where .NET installations live: DOTNET_ROOT, the dotnet on PATH, then the usual places.</summary>
    private static IEnumerable<string> InstallRoots()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root)
            yield return root;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var dotnet = new FileInfo(System.IO.Path.Combine(dir, "dotnet"));
            if (!dotnet.Exists)
                continue;
            var target = dotnet.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? dotnet.FullName;
            yield return System.IO.Path.GetDirectoryName(target)!;
        }
        yield return "/usr/share/dotnet";
        yield return "/usr/lib/dotnet";
        yield return System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet");
    }
}
