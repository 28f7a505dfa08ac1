using System.Diagnostics;
using System.Runtime.InteropServices;
using TraitsBpf.Benchmarks.Measuring;
using TraitsBpf.Compiler;
using TraitsBpf.Differential.Tests.Kernel;
using TraitsBpf.Loader;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.TestSupport.Kernel;
using TraitsBpf.Abi;

namespace TraitsBpf.Benchmarks.Traits;

/// <summary>
/// Trait get, set and delete compiled by us from C# (<see cref="TraitBenchmarkPrograms"/>) against
/// the same programs in C compiled by clang (trait_bench.bpf.c), for one backend: instructions of
/// programs that do one operation, and time per BPF_PROG_TEST_RUN repetition of timed programs,
/// ours and clang's interleaved round by round, against an empty program and a plain 8-byte
/// metadata load measured in the same run.
/// </summary>
public sealed class TraitBenchmark(BenchmarkOptions options, TraitsBackend backend, TextWriter progress)
{
    /// <summary>The key of every named trait, set in both objects before load as the loader would from the registry.</summary>
    public static readonly IReadOnlyDictionary<string, int> Keys = new Dictionary<string, int>
    {
        ["bench_low"] = 2,
        ["bench_mid"] = 20,
        ["bench_new"] = 30,
        ["bench_hot"] = 40,
        ["bench_wide"] = 50,
    };

    /// <summary>Metadata every test run is given: the meta backend's room.</summary>
    private const int MetadataLength = 128;

    private const int FrameLength = 64;
    private const int XdpMdSize = 24;

    private static readonly string CSource = Path.Combine(AppContext.BaseDirectory, "Traits", "trait_bench.bpf.c");

    private static readonly (string Operation, string Program)[] SingleOperations =
    [
        ("get", "tb_get"),
        ("set (one program for a new key or a replace)", "tb_set"),
        ("delete", "tb_delete"),
        ("set (new key) + delete", "tb_set_new_del"),
    ];

    /// <summary>
    /// The meta backend times the one-operation programs themselves over a populated store given
    /// as metadata (tb_set finds its key present: a replace), against the empty program.
    /// </summary>
    private static readonly TimedProgram[] MetaTimed =
    [
        new("empty program", "tt_empty", null),
        new("8-byte data_meta load", "tt_meta_load", "tt_empty", IsTraitOperation: false),
        new("get", "tb_get", "tt_empty"),
        new("set (replace, same size)", "tb_set", "tt_empty"),
        new("set (new key) + delete", "tb_set_new_del", "tt_empty"),
    ];

    /// <summary>
    /// The kfunc backend's store is in the headroom, which no input reaches: its timed programs
    /// populate it on a test run's first repetition, and are measured against tt_ready, which
    /// does only that.
    /// </summary>
    private static readonly TimedProgram[] KfuncTimed =
    [
        new("empty program", "tt_empty", null),
        new("8-byte data_meta load", "tt_meta_load", "tt_empty", IsTraitOperation: false),
        new("store populated, nothing else", "tt_ready", "tt_empty", IsTraitOperation: false),
        new("get", "tt_get", "tt_ready"),
        new("set (replace, same size)", "tt_set_replace", "tt_ready"),
        new("set (new key) + delete", "tt_set_new_del", "tt_ready"),
    ];

    /// <summary>C only: a kfunc call that does nothing (kfunc backend, on a kernel that has it).</summary>
    private static readonly TimedProgram NopKfunc = new("empty kfunc call (C only)", "tt_nop_kfunc", "tt_empty", IsTraitOperation: false);

    /// <summary>The metadata given to every test run: under the meta backend, the store the timed programs work on.</summary>
    private readonly byte[] input = backend == TraitsBackend.Meta ? PopulatedStore() : new byte[MetadataLength + FrameLength];

    private static byte[] Context { get; } = MakeContext();

    private string BackendName => backend == TraitsBackend.Kfunc ? "kfunc" : "meta";

    /// <summary>Runs the benchmark, or reports why it cannot run here.</summary>
    public TraitBenchmarkReport Run()
    {
        var machine = MachineDescription.Current();
        if (backend == TraitsBackend.Kfunc && MissingKfuncs() is { } skipped)
        {
            return new TraitBenchmarkReport(BackendName, machine, options.Repeat, options.Rounds, Keys, [], [], [], skipped);
        }

        progress.WriteLine($"traits ({BackendName}): compiling");
        var timed = (backend == TraitsBackend.Kfunc ? KfuncTimed : MetaTimed).ToList();
        string[] programs = [.. SingleOperations.Select(o => o.Program).Union(timed.Select(t => t.Program))];
        var oursImage = BpfCompiler.Compile(typeof(TraitBenchmarkPrograms).Assembly.Location, new CompilerOptions { Programs = programs, Traits = backend }).Object;
        var clangImage = ClangTwins.Compile(CSource, backend == TraitsBackend.Kfunc ? ["-DTRAIT_KFUNC"] : []);
        using var ours = Loaded(oursImage, "ours");
        using var clang = Loaded(clangImage, "clang");

        var instructions = SingleOperations.Select(o => Instructions(o.Operation, o.Program, oursImage, clangImage, ours, clang)).ToList();
        foreach (var t in timed)
        {
            CheckSameWork(ours, clang, t.Program);
        }

        if (backend == TraitsBackend.Kfunc && RunsOnce(clang, NopKfunc.Program).ReturnValue == (uint)XdpAction.Pass)
        {
            timed.Add(NopKfunc);
        }

        progress.WriteLine($"traits ({BackendName}): timing {timed.Count} programs, {options.Rounds} rounds of {options.Repeat:N0} repetitions per side");
        var samples = Time(ours, clang, [.. timed.Select(t => t.Program)]);
        var timings = timed.Select(t => Timing(t.Label, t.Program, samples)).ToList();
        var costs = timed.Where(t => t.Reference is not null).Select(t => Cost(t, samples)).ToList();
        return new TraitBenchmarkReport(BackendName, machine, options.Repeat, options.Rounds, Keys, instructions, timings, costs);
    }

    /// <summary>Why the kfunc backend cannot run here, or null when the kernel has the XDP trait kfuncs.</summary>
    private static string? MissingKfuncs()
    {
        var features = KernelFeatures.Current;
        var missing = features.TraitKfuncs.Where(k => k.Key.StartsWith("bpf_xdp_", StringComparison.Ordinal) && !k.Value).Select(k => k.Key).ToList();
        return missing.Count == 0
            ? null
            : $"kernel {features.Release} has no {string.Join(", ", missing)}: the kfunc backend needs a kernel with the packet-traits series (Kernel/patches). " +
              $"Run it in the VM: Kernel/vm/run.sh --kernel \"$(Kernel/build.sh | tail -n 1)/bzImage\" -- dotnet {typeof(TraitBenchmark).Assembly.Location} --traits kfunc";
    }

    private static TraitInstructionFigures Instructions(string operation, string program, byte[] oursImage, byte[] clangImage, BpfObject ours, BpfObject clang)
    {
        var oursInfo = ours.Program(program).Info();
        var clangInfo = clang.Program(program).Info();
        return new TraitInstructionFigures(
            operation,
            program,
            new OursVersusClang(ObjectInstructions.Count(oursImage, program), ObjectInstructions.Count(clangImage, program)),
            new OursVersusClang(oursInfo.InstructionCount, clangInfo.InstructionCount),
            new OursVersusClang(oursInfo.VerifiedInstructions, clangInfo.VerifiedInstructions));
    }

    /// <summary>
    /// Both sides must do the same work: every repetition passes (the store was populated and every
    /// operation did what it should), and under the meta backend they leave the same store.
    /// </summary>
    private void CheckSameWork(BpfObject ours, BpfObject clang, string program)
    {
        const int Repetitions = 3;
        var oursResult = RunsOnce(ours, program, Repetitions);
        var clangResult = RunsOnce(clang, program, Repetitions);
        if (oursResult.ReturnValue != (uint)XdpAction.Pass || clangResult.ReturnValue != (uint)XdpAction.Pass)
        {
            throw new InvalidOperationException(
                $"traits ({BackendName}): {program} returns {oursResult.ReturnValue} (ours) and {clangResult.ReturnValue} (clang) after {Repetitions} repetitions instead of XDP_PASS; the timings would not measure what they claim");
        }

        if (backend == TraitsBackend.Meta && !oursResult.DataOut.AsSpan().SequenceEqual(clangResult.DataOut))
        {
            throw new InvalidOperationException(
                $"traits (meta): {program} leaves different stores: ours {Convert.ToHexString(oursResult.DataOut[..MetadataLength])}, clang {Convert.ToHexString(clangResult.DataOut[..MetadataLength])}");
        }
    }

    private TestRunResult RunsOnce(BpfObject bpf, string program, int repeat = 1)
    {
        ResetPopulated(bpf);
        return bpf.Program(program).TestRun(input, Context, repeat);
    }

    /// <summary>Every program, both sides, round after round; the side that goes first alternates.</summary>
    private Dictionary<(string Program, bool Ours), List<(double KernelNs, double WallNs)>> Time(BpfObject ours, BpfObject clang, IReadOnlyList<string> programs)
    {
        var samples = new Dictionary<(string, bool), List<(double, double)>>();
        for (int round = 0; round < options.Rounds; round++)
        {
            for (int p = 0; p < programs.Count; p++)
            {
                bool oursFirst = (round + p) % 2 == 0;
                foreach (bool side in oursFirst ? new[] { true, false } : [false, true])
                {
                    var bpf = side ? ours : clang;
                    if (!bpf.Programs.Any(x => x.Name == programs[p]))
                    {
                        continue;
                    }

                    ResetPopulated(bpf);
                    var watch = Stopwatch.StartNew();
                    var result = bpf.Program(programs[p]).TestRun(input, Context, options.Repeat);
                    double wall = watch.Elapsed.TotalNanoseconds / options.Repeat;
                    var list = samples.TryGetValue((programs[p], side), out var existing) ? existing : samples[(programs[p], side)] = [];
                    list.Add((result.DurationNs, wall));
                }
            }
        }

        return samples;
    }

    private static TraitTiming Timing(string label, string program, Dictionary<(string Program, bool Ours), List<(double KernelNs, double WallNs)>> samples)
    {
        double Average(bool ours, Func<(double KernelNs, double WallNs), double> figure) =>
            samples.TryGetValue((program, ours), out var list) ? RobustAverage.InterquartileMean(list.Select(figure)) : double.NaN;
        return new TraitTiming(
            label,
            program,
            new OursVersusClang(Average(true, s => s.KernelNs), Average(false, s => s.KernelNs)),
            new OursVersusClang(Average(true, s => s.WallNs), Average(false, s => s.WallNs)));
    }

    private static TraitOperationCost Cost(TimedProgram timed, Dictionary<(string Program, bool Ours), List<(double KernelNs, double WallNs)>> samples) =>
        new(
            timed.Label,
            timed.Reference!,
            new OursVersusClang(DifferenceNs(samples, timed.Program, timed.Reference!, ours: true), DifferenceNs(samples, timed.Program, timed.Reference!, ours: false)),
            timed.IsTraitOperation);

    /// <summary>The program's time less the reference's, round by round (both ran in the same round), interquartile mean; NaN for a side without the program.</summary>
    private static double DifferenceNs(Dictionary<(string Program, bool Ours), List<(double KernelNs, double WallNs)>> samples, string program, string reference, bool ours) =>
        samples.TryGetValue((program, ours), out var runs)
            ? RobustAverage.InterquartileMean(runs.Zip(samples[(reference, ours)], (p, r) => p.KernelNs - r.KernelNs))
            : double.NaN;

    /// <summary>
    /// Clears the tt_ programs' "store populated" flag (the object's .bss), so the next test run
    /// populates afresh. An object without .bss (ours when only tb_ programs are compiled) has
    /// no flag to clear.
    /// </summary>
    private static void ResetPopulated(BpfObject bpf)
    {
        if (bpf.Maps.SingleOrDefault(m => m.IsInternal && m.Name.EndsWith(".bss", StringComparison.Ordinal)) is { } bss)
        {
            bss.Update(new byte[sizeof(uint)], new byte[bss.ValueSize]);
        }
    }

    /// <summary>
    /// The metadata and frame of the meta backend's runs: the store tt_ programs populate (Low, Mid,
    /// Hot, Wide), built by <see cref="TraitStore"/> after the seal and sealed for the frame, so
    /// that every operation takes the path of a valid store.
    /// </summary>
    private static unsafe byte[] PopulatedStore()
    {
        var bytes = new byte[MetadataLength + FrameLength];
        fixed (byte* meta = bytes)
        {
            byte* store = meta + MetaTraitSeal.Size;
            byte* end = meta + MetadataLength;
            ulong value = TraitBenchmarkPrograms.Value;
            uint mid = unchecked((uint)value);
            var wide = new WideValue { Low = value, High = ~value };
            int failed = TraitStore.Set(store, end, (ulong)Keys["bench_low"], &value, sizeof(ulong), 0)
                | TraitStore.Set(store, end, (ulong)Keys["bench_mid"], &mid, sizeof(uint), 0)
                | TraitStore.Set(store, end, (ulong)Keys["bench_hot"], &value, sizeof(ulong), 0)
                | TraitStore.Set(store, end, (ulong)Keys["bench_wide"], &wide, sizeof(WideValue), 0);
            if (failed != 0)
            {
                throw new InvalidOperationException("the benchmark's store does not build");
            }

            MetaTraitSeal.Write(meta, end, meta + bytes.Length);
        }

        return bytes;
    }

    /// <summary>xdp_md in: data (the metadata's length) and data_end (the input's), the rest zero.</summary>
    private static byte[] MakeContext()
    {
        var context = new byte[XdpMdSize];
        MemoryMarshal.Write(context, MetadataLength);
        MemoryMarshal.Write(context.AsSpan(4), MetadataLength + FrameLength);
        return context;
    }

    private static BpfObject Loaded(byte[] image, string name) => KernelObjects.Load(image, name, bpf =>
    {
        // Only the traits its programs use have a key variable in our object.
        foreach (var (trait, key) in Keys.Where(k => bpf.Constants.Any(c => c.Name == $"__trait_{k.Key}")))
        {
            bpf.SetConstant($"__trait_{trait}", BitConverter.GetBytes((ulong)key));
        }
    });
}
