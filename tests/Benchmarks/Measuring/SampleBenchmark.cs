using System.Diagnostics;
using TraitsBpf.Compiler;
using TraitsBpf.Compiler.Diagnostics;
using TraitsBpf.Compiler.Il;
using TraitsBpf.Differential.Tests.Kernel;
using TraitsBpf.Loader;
using TraitsBpf.TestSupport.Kernel;

namespace TraitsBpf.Benchmarks.Measuring;

/// <summary>
/// Measures every sample program, and every ported public program (Programs/Ports) our compiler
/// takes, against its C twin: object size, the kernel's view of both after loading, time per
/// packet under BPF_PROG_TEST_RUN, and our compile time. A port the compiler refuses is skipped
/// with its refusal.
/// </summary>
public sealed class SampleBenchmark(BenchmarkOptions options, string samplesAssembly, string portsAssembly, TextWriter progress)
{
    private const int ClangCompiles = 3;

    /// <summary>Where the ports' C twins are copied beside the benchmark (the samples' are in <see cref="ClangTwins.Directory"/>).</summary>
    public static string PortsTwinDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "ports-c");

    /// <summary>Runs the whole benchmark.</summary>
    public BenchmarkReport Run()
    {
        var watch = Stopwatch.StartNew();
        var samples = BpfCompiler.Compile(samplesAssembly, new CompilerOptions()).Programs;
        double firstCompileMs = watch.Elapsed.TotalMilliseconds;
        var ports = ClangTwins.FilesIn(PortsTwinDirectory).SelectMany(twin => twin.Value.Select(name => (Name: name, Twin: twin.Key))).ToList();
        var unknown = options.Programs.Except(samples.Select(p => p.Name).Concat(ports.Select(p => p.Name))).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"no sample or port named {string.Join(", ", unknown)}; the samples are {string.Join(", ", samples.Select(p => p.Name))}; the ports are {string.Join(", ", ports.Select(p => p.Name))}");
        }

        bool Chosen(string name) => options.Programs.Count == 0 || options.Programs.Contains(name);
        var candidates = samples.Where(p => Chosen(p.Name)).Select(p => new Candidate(p, samplesAssembly, ClangTwins.FileDefining(p.Name))).ToList();

        // A sample without a C twin has nothing to be compared with; named explicitly, it is an error (in Measure).
        foreach (var alone in candidates.Where(c => options.Programs.Count == 0 && c.TwinSource is null).ToList())
        {
            progress.WriteLine($"skipping {alone.Program.Name}: no C twin in {ClangTwins.Directory} defines it");
            candidates.Remove(alone);
        }

        candidates.AddRange(ports.Where(p => Chosen(p.Name)).Select(p => CompiledPort(p.Name, p.Twin)).OfType<Candidate>());
        var baselines = MeasureBaselines();
        var figures = candidates.OrderBy(c => c.Program.Name, StringComparer.Ordinal).Select(Measure).ToList();
        return new BenchmarkReport(MachineDescription.Current(), options.Repeat, options.Rounds, baselines, firstCompileMs, figures);
    }

    // The ports are written as their C is, not as our compiler would like: some are refused today.
    private Candidate? CompiledPort(string name, string twin)
    {
        try
        {
            return new Candidate(BpfCompiler.Compile(portsAssembly, new CompilerOptions { Programs = [name] }).Programs.Single(), portsAssembly, twin);
        }
        catch (CompileException e)
        {
            progress.WriteLine($"skipping port {name}: our compiler refuses it: {e.Message}");
            return null;
        }
    }

    private ProgramFigures Measure(Candidate candidate)
    {
        var program = candidate.Program;
        progress.WriteLine($"measuring {program.Name}");
        string source = candidate.TwinSource
            ?? throw new FileNotFoundException($"no C twin in {ClangTwins.Directory} defines '{program.Name}'");
        var (oursImage, compileMs) = CompileTimer.Ours(candidate.AssemblyPath, program.Name, options.Compiles);
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
            new OursVersusClang(oursInfo.JitedSize, clangInfo.JitedSize),
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

    /// <summary>A compiled program to measure, the assembly it came from and its C twin's file (null when it has none).</summary>
    private sealed record Candidate(CompiledProgram Program, string AssemblyPath, string? TwinSource);
}
