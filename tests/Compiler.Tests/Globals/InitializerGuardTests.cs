using TraitsBpf.Compiler.Diagnostics;
using TraitsBpf.Compiler.Il;
using Xunit.Abstractions;

namespace TraitsBpf.Compiler.Tests.Globals;

/// <summary>
/// The guard against silently wrong globals: for every program of the samples and of every test
/// project that has programs, each global in the compiled object holds exactly the bytes the
/// .NET runtime's static constructor gives the field.
/// </summary>
public sealed class InitializerGuardTests(ITestOutputHelper output)
{
    private const string ConstantDataPrefix = "__const_";

    /// <summary>Test projects whose assemblies hold BPF programs (built before this one, see the csproj).</summary>
    private static readonly string[] TestProjects = ["Compiler.Tests", "Programs.Tests", "Traits.Tests", "Differential.Tests", "Loader.Tests", "Benchmarks"];

    public static TheoryData<string> Assemblies()
    {
        var data = new TheoryData<string>();
        data.Add(typeof(TraitsBpf.Samples.PortFilter).Assembly.Location);
        // .../tests/Compiler.Tests/bin/<configuration>/<framework>/
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string framework = output.Name, configuration = output.Parent!.Name;
        string tests = output.Parent.Parent!.Parent!.Parent!.FullName;
        foreach (var project in TestProjects)
        {
            string name = project == "Benchmarks" ? "TraitsBpf.Benchmarks" : $"TraitsBpf.{project}";
            data.Add(Path.Combine(tests, project, "bin", configuration, framework, $"{name}.dll"));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void EveryGlobalHoldsTheBytesTheRuntimeInitializes(string assembly)
    {
        Assert.True(File.Exists(assembly), $"{assembly} is not built (build the solution)");
        var runtime = new RuntimeInitializedValues(assembly);
        List<string> programs;
        using (var reader = AssemblyReader.Open(assembly))
        {
            programs = [.. reader.FindPrograms().Select(p => p.Name)];
        }

        var compared = new SortedSet<string>(StringComparer.Ordinal);
        var refused = new List<string>();
        foreach (var program in programs)
        {
            CompilationResult result;
            try
            {
                result = BpfCompiler.Compile(assembly, new CompilerOptions { Programs = [program] });
            }
            catch (CompileException)
            {
                refused.Add(program);
                continue;
            }

            foreach (var (symbol, global) in GlobalImage.Read(result.Object))
            {
                if (symbol.StartsWith("__str_", StringComparison.Ordinal) || symbol.StartsWith("__trait_", StringComparison.Ordinal))
                {
                    continue;
                }

                // A constant table is named after the field C# keeps its data in, behind a prefix.
                var fields = runtime.FieldsNamed(symbol.StartsWith(ConstantDataPrefix, StringComparison.Ordinal) ? symbol[ConstantDataPrefix.Length..] : symbol);
                Assert.True(fields.Count == 1, $"global '{symbol}' of program '{program}' matches {fields.Count} static fields of {Path.GetFileName(assembly)}");
                var expected = RuntimeInitializedValues.ValueOf(fields[0]);
                Assert.True(expected.SequenceEqual(global.Bytes), $"global '{symbol}' ({global.Section}) of program '{program}' holds {Convert.ToHexString(global.Bytes)}; the runtime initializes '{fields[0].DeclaringType!.Name}.{symbol}' to {Convert.ToHexString(expected)}");
                compared.Add($"{fields[0].DeclaringType!.FullName}.{symbol}");
            }
        }

        output.WriteLine($"{Path.GetFileName(assembly)}: {compared.Count} globals compared over {programs.Count - refused.Count} programs ({refused.Count} refused by the compiler: {string.Join(", ", refused)})");
        foreach (var name in compared)
        {
            output.WriteLine($"  {name}");
        }

        Assert.NotEmpty(programs);
    }
}
