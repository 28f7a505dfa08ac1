using System.Diagnostics;
using TraitsBpf.Compiler;
using TraitsBpf.Compiler.Il;
using TraitsBpf.Differential.Tests.Kernel;
using TraitsBpf.Loader;

namespace TraitsBpf.Benchmarks.Measuring;

/// <summary>
/// Measures every sample program against its C twin: object size, the kernel's view of both
/// after loading, time per packet under BPF_PROG_TEST_RUN, and our compile time.
/// </summary>
public sealed class SampleBenchmark(BenchmarkOptions options, string samplesAssembly, TextWriter progress)
{
    private const int ClangCompiles = 3;

    /// <summary>Runs the whole benchmark.</summary>
    public BenchmarkReport Run()
    {
        var watch = Stopwatch.StartNew();
        var all = BpfCompiler.Compile(samplesAssembly, new CompilerOptions()).Programs;
        double firstCompileMs = watch.Elapsed.TotalMilliseconds;
        var unknown = options.Programs.Except(all.Select(p => p.Name)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"no sample program named {string.Join(", ", unknown)}; the samples are {string.Join(", ", all.Select(p => p.Name))}");
        }

        var programs = all.Where(p => options.Programs.Count == 0 || options.Programs.Contains(p.Name)).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        var baselines = MeasureBaselines();
        var figures = programs.Select(Measure).ToList();
        return new BenchmarkReport(MachineDescription.Current(), options.Repeat, options.Rounds, baselines, firstCompileMs, figures);
    }

    private ProgramFigures Measure(CompiledProgram program)
    {
        progress.WriteLine($"measuring {program.Name}");
        string source = ClangTwins.FileDefining(program.Name)
            ?? throw new FileNotFoundException($"no C twin in {ClangTwins.Directory} defines '{program.Name}'");
        var (oursImage, compileMs) = CompileTimer.Ours(samplesAssembly, program.Name, options.Compiles);
        var (clangImage, clangMs) = CompileTimer.Clang(source, Math.Min(ClangCompiles, options.Compiles));

        using var ours = Loaded(oursImage, "ours");
        using var clang = Loaded(clangImage, "clang");
        var oursProgram = ours.Program(program.Name);
        var clangProgram = clang.Program(program.Name);
        var oursInfo = oursProgram.Info();
        var clangInfo = clangProgram.Info();
        var timings = RepresentativePackets.All
            .Select(packet => TestRunTimer.Compare(packet.Name, oursProgram, clangProgram, packet.Bytes, options.Repeat, options.Rounds))
            .ToList();

        return new ProgramFigures(
            program.Name,
            KindName(program.Kind),
            new OursVersusClang(ObjectInstructions.Count(oursImage, program.Name), ObjectInstructions.Count(clangImage, program.Name)),
            new OursVersusClang(oursInfo.InstructionCount, clangInfo.InstructionCount),
            new OursVersusClang(oursInfo.VerifiedInstructions, clangInfo.VerifiedInstructions),
            timings,
            compileMs,
            clangMs);
    }

    private Dictionary<string, double> MeasureBaselines()
    {
        string source = Path.Combine(AppContext.BaseDirectory, "Baseline", "baseline.bpf.c");
        using var baseline = Loaded(ClangTwins.Compile(source), "baseline");
        var packet = RepresentativePackets.All[0].Bytes;
        return new Dictionary<string, double>
        {
            [KindName(ProgramKind.Xdp)] = TestRunTimer.Alone(baseline.Program("baseline_xdp"), packet, options.Repeat, options.Rounds),
            [KindName(ProgramKind.Tc)] = TestRunTimer.Alone(baseline.Program("baseline_tc"), packet, options.Repeat, options.Rounds),
        };
    }

    private static BpfObject Loaded(byte[] image, string name)
    {
        var bpf = BpfObject.OpenMemory(image, name);
        try
        {
            bpf.Load();
            return bpf;
        }
        catch
        {
            bpf.Dispose();
            throw;
        }
    }

    private static string KindName(ProgramKind kind) => kind switch
    {
        ProgramKind.Xdp => "xdp",
        ProgramKind.Tc => "tc",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
