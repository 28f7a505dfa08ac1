using System.Collections.Concurrent;
using System.Reflection;
using TraitsBpf.Compiler;
using TraitsBpf.Differential.Tests.Kernel;
using TraitsBpf.Differential.Tests.Samples;
using TraitsBpf.Ports;

namespace TraitsBpf.Differential.Tests.PortedPrograms;

/// <summary>
/// The ported public programs (Programs/Ports): each a class with one program, found by its
/// attribute as the samples are, and its C twin among Programs/Ports/c/*.bpf.c (copied beside the
/// tests into ports-c). Our objects and clang's are built once per run.
/// </summary>
public static class PortCatalog
{
    private static readonly Lazy<IReadOnlyList<SampleProgram>> Discovered = new(Discover);
    private static readonly ConcurrentDictionary<string, byte[]> OurObjects = new();
    private static readonly ConcurrentDictionary<string, byte[]> TwinObjects = new();

    /// <summary>The ports assembly's path, for the compiler.</summary>
    public static string AssemblyPath => typeof(Xdp1).Assembly.Location;

    /// <summary>The directory holding the ports' C twins and their headers.</summary>
    public static string TwinDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "ports-c");

    /// <summary>Every ported program, in a stable order.</summary>
    public static IReadOnlyList<SampleProgram> All => Discovered.Value;

    /// <summary>The ported program named <paramref name="name"/>.</summary>
    public static SampleProgram Find(string name) =>
        All.FirstOrDefault(p => p.Name == name)
        ?? throw new ArgumentException($"Programs/Ports has no program named '{name}'; it has {string.Join(", ", All.Select(p => p.Name))}.", nameof(name));

    /// <summary>The C twin that defines <paramref name="name"/>.</summary>
    public static string TwinFile(string name) =>
        ClangTwins.FilesIn(TwinDirectory).Where(f => f.Value.Contains(name)).Select(f => f.Key).FirstOrDefault()
        ?? throw new FileNotFoundException($"No C twin in {TwinDirectory} defines a program named '{name}'.");

    /// <summary>Our compiler's object for the port <paramref name="name"/>.</summary>
    public static byte[] Ours(string name) =>
        OurObjects.GetOrAdd(name, _ => BpfCompiler.Compile(AssemblyPath, new CompilerOptions { Programs = [name] }).Object);

    /// <summary>Clang's object of the port's C twin.</summary>
    public static byte[] Twin(string name) => TwinObjects.GetOrAdd(name, _ => ClangTwins.Compile(TwinFile(name)));

    private static List<SampleProgram> Discover() =>
        typeof(Xdp1).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(SampleProgram.From)
            .OfType<SampleProgram>()
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
}
