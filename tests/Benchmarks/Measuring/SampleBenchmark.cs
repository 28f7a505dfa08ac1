using System.Diagnostics;
using TraitsBpf.Compiler;
using TraitsBpf.Compiler.Il;
using TraitsBpf.Differential.Tests.Kernel;
using TraitsBpf.Loader;
using TraitsBpf.TestSupport.Kernel;

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

        // A sample without a C twin has nothing to be compared with; named explicitly, it is an error (in Measure).
        foreach (var alone in programs.Where(p => options.Programs.Count == 0 && ClangTwins.FileDefining(p.Name) is null).ToList())
        {
            progress.WriteLine($"skipping {alone.Name}: no C twin in {ClangTwins.Directory} defines it");
            programs.Remove(alone);
        }

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
            new OursVersusClang(oursInfo.JitedSize, clangInfo.JitedSize),
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

    private static BpfObject Loaded(byte[] image, string name) => KernelObjects.Load(image, name, bpf =>
    {
        // Named traits get keys as the loader would give them (63 down, in name order), the
        // same in both objects: left at 64, an invalid key, every trait operation would be
        // dead code to the verifier and the figures would not show it.
        int key = 63;
        foreach (var variable in bpf.Constants.Select(c => c.Name).Where(n => n.StartsWith("__trait_", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            bpf.SetConstant(variable, BitConverter.GetBytes((ulong)key--));
        }
    });

    private static string KindName(ProgramKind kind) => kind switch
    {
        ProgramKind.Xdp => "xdp",
        ProgramKind.Tc => "tc",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
