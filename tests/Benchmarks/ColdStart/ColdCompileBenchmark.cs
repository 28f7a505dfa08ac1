using TraitsBpf.Benchmarks.Measuring;
using TraitsBpf.Differential.Tests.Kernel;

namespace TraitsBpf.Benchmarks.ColdStart;

/// <summary>
/// Compiles each sample's and each port's programs with a fresh traitsbpf process (native, and as the
/// dotnet tool) and its C twin with a fresh clang process, interleaved run by run, and keeps the medians:
/// what a user waits for at the command line, start-up included.
/// </summary>
public sealed class ColdCompileBenchmark(BenchmarkOptions options, string nativeCli, string toolDll, string samplesAssembly, string portsAssembly, TextWriter progress)
{
    /// <summary>Runs it.</summary>
    public ColdCompileReport Run()
    {
        if (!File.Exists(nativeCli))
        {
            throw new FileNotFoundException($"no NativeAOT traitsbpf at {nativeCli}: ./build.sh publishes it (or pass --traitsbpf PATH)");
        }

        var twins = ClangTwins.FilesIn(ClangTwins.Directory).Select(t => (t.Key, t.Value, samplesAssembly))
            .Concat(ClangTwins.FilesIn(SampleBenchmark.PortsTwinDirectory).Select(t => (t.Key, t.Value, portsAssembly)))
            .Where(t => t.Value.Count > 0 && (options.Programs.Count == 0 || t.Value.Any(options.Programs.Contains)))
            .ToList();
        var output = Path.Combine(Path.GetTempPath(), $"traitsbpf-cold-{Environment.ProcessId}.o");
        var figures = new List<ColdCompileFigures>();
        var skipped = new List<string>();
        try
        {
            foreach (var (twin, programs, assembly) in twins)
            {
                progress.WriteLine($"cold-compiling {Path.GetFileName(twin)}");
                string[] compile = ["compile", assembly, "-o", output, .. programs.SelectMany(p => new[] { "--program", p })];
                string[] clang = [.. ClangTwins.ClangArguments, $"-I{Path.GetDirectoryName(twin)}", "-c", twin, "-o", output];
                try
                {
                    ProcessTimer.Milliseconds(nativeCli, compile);
                }
                catch (InvalidOperationException e)
                {
                    // The ports are written as their C is; our compiler refuses some of them today.
                    skipped.Add($"{Path.GetFileName(twin)}: {e.Message}");
                    continue;
                }

                var native = new List<double>();
                var tool = new List<double>();
                var reference = new List<double>();
                for (int run = 0; run < options.ColdRuns; run++)
                {
                    native.Add(ProcessTimer.Milliseconds(nativeCli, compile));
                    tool.Add(ProcessTimer.Milliseconds("dotnet", [toolDll, .. compile]));
                    reference.Add(ProcessTimer.Milliseconds("clang", clang));
                }

                figures.Add(new ColdCompileFigures(Path.GetFileName(twin), programs, RobustAverage.Median(native), RobustAverage.Median(tool), RobustAverage.Median(reference)));
            }
        }
        finally
        {
            File.Delete(output);
        }

        return new ColdCompileReport(MachineDescription.Current(), options.ColdRuns, figures, skipped);
    }
}
