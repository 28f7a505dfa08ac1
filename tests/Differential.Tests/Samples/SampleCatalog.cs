using System.Reflection;
using TraitsBpf.Samples;

namespace TraitsBpf.Differential.Tests.Samples;

/// <summary>Every program in the Programs/Samples assembly, found by reflection from its attributes.</summary>
public static class SampleCatalog
{
    private static readonly Lazy<IReadOnlyList<SampleProgram>> Discovered = new(Discover);

    /// <summary>The samples assembly's path, for the compiler.</summary>
    public static string AssemblyPath => SamplesAssembly.Location;

    /// <summary>Every sample program, in a stable order.</summary>
    public static IReadOnlyList<SampleProgram> All => Discovered.Value;

    private static Assembly SamplesAssembly => typeof(PortFilter).Assembly;

    /// <summary>The program named <paramref name="name"/>.</summary>
    public static SampleProgram Find(string name) =>
        All.FirstOrDefault(p => p.Name == name)
        ?? throw new ArgumentException($"Programs/Samples has no program named '{name}'; it has {string.Join(", ", All.Select(p => p.Name))}.", nameof(name));

    /// <summary>The programs declared in the same class as <paramref name="program"/> (which share its maps), itself included.</summary>
    public static IReadOnlyList<SampleProgram> Siblings(SampleProgram program) =>
        All.Where(p => p.SampleClass == program.SampleClass).ToList();

    private static List<SampleProgram> Discover() =>
        SamplesAssembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(SampleProgram.From)
            .OfType<SampleProgram>()
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
}
