using System.Globalization;
using TraitsBpf.Benchmarks.Measuring;

namespace TraitsBpf.Benchmarks.Reporting;

/// <summary>Lays a benchmark report out as tables: a summary over programs, then one table per program.</summary>
public static class ReportTables
{
    /// <summary>The instruction ratio issue 3 sets as the target for every program.</summary>
    public const double TargetRatio = 1.25;

    /// <summary>The summary table.</summary>
    public static Table Summary(BenchmarkReport report)
    {
        var table = new Table(
            "Summary (ours / clang -O2; ns ratio is the geometric mean over the packets)",
            ["program", "kind", "object insns", "ratio", "xlated insns", "ratio", "jited bytes", "ratio", "verified insns", "ratio", "ns/packet ratio", "compile ms"]);
        foreach (var p in report.Programs)
        {
            table.Add(
                p.Program,
                p.Kind,
                Pair(p.ObjectInstructions),
                Ratio(p.ObjectInstructions.Ratio),
                Pair(p.XlatedInstructions),
                Ratio(p.XlatedInstructions.Ratio),
                Pair(p.JitedBytes),
                Ratio(p.JitedBytes.Ratio),
                Pair(p.VerifiedInstructions),
                Ratio(p.VerifiedInstructions.Ratio),
                Ratio(GeometricMean(p.Timings.Select(t => t.NsPerPacket.Ratio))),
                Number(p.CompileMs, 1));
        }

        return table;
    }

    /// <summary>One table per program, every figure with ours, clang's and the ratio.</summary>
    public static IEnumerable<Table> PerProgram(BenchmarkReport report)
    {
        foreach (var p in report.Programs)
        {
            var table = new Table($"{p.Program} ({p.Kind})", ["figure", "ours", "clang", "ours/clang"]);
            table.Add("instructions in the object", Number(p.ObjectInstructions.Ours, 0), Number(p.ObjectInstructions.Clang, 0), Ratio(p.ObjectInstructions.Ratio));
            table.Add("xlated instructions", Number(p.XlatedInstructions.Ours, 0), Number(p.XlatedInstructions.Clang, 0), Ratio(p.XlatedInstructions.Ratio));
            table.Add("jited bytes", Number(p.JitedBytes.Ours, 0), Number(p.JitedBytes.Clang, 0), Ratio(p.JitedBytes.Ratio));
            table.Add("verified instructions", Number(p.VerifiedInstructions.Ours, 0), Number(p.VerifiedInstructions.Clang, 0), Ratio(p.VerifiedInstructions.Ratio));
            foreach (var t in p.Timings)
            {
                table.Add($"ns/packet, {t.Packet} (returns {t.Action})", Number(t.NsPerPacket.Ours, 1), Number(t.NsPerPacket.Clang, 1), Ratio(t.NsPerPacket.Ratio));
            }

            table.Add("compile time, ms", Number(p.CompileMs, 1), Number(p.ClangCompileMs, 1), "");
            yield return table;
        }
    }

    /// <summary>Lines about the run itself: machine, settings, the test run's own cost, the target.</summary>
    public static IEnumerable<string> Preamble(BenchmarkReport report)
    {
        var m = report.Machine;
        yield return $"Machine: {m.Cpu}, {m.Cores} cores; kernel {m.Kernel}; {m.Clang}; {m.Dotnet}; {m.When:yyyy-MM-dd HH:mm} UTC.";
        yield return $"Timing: BPF_PROG_TEST_RUN with repeat {report.Repeat:N0}, ours and clang's interleaved over {report.Rounds} rounds per packet; ns/packet is the kernel's figure, interquartile mean over the rounds (JSON also has wall-clock figures).";
        yield return $"A program that only returns costs {Number(report.BaselineNsPerPacket["xdp"], 1)} ns/packet (xdp) and {Number(report.BaselineNsPerPacket["tc"], 1)} ns/packet (tc) here: the test run's own share of every figure.";
        yield return $"First compilation of the samples assembly in the process (JIT, assembly reading): {Number(report.FirstCompileMs, 0)} ms; per-program compile times below are after it.";
        int met = report.Programs.Count(p => p.ObjectInstructions.Ratio <= TargetRatio);
        yield return $"Target (issue 3): at most {TargetRatio}x clang's instruction count on every program. Met on {met} of {report.Programs.Count} programs (object instructions).";
    }

    private static string Pair(OursVersusClang figure) => $"{Number(figure.Ours, 0)} / {Number(figure.Clang, 0)}";

    private static string Ratio(double ratio) => double.IsNaN(ratio) ? "-" : ratio.ToString("0.00", CultureInfo.InvariantCulture) + "x";

    private static string Number(double value, int decimals) => value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static double GeometricMean(IEnumerable<double> ratios)
    {
        var list = ratios.Where(r => r > 0 && !double.IsNaN(r)).ToList();
        return list.Count == 0 ? double.NaN : Math.Exp(list.Average(Math.Log));
    }
}
