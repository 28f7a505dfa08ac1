using System.Globalization;
using System.Text;
using System.Text.Json;
using TraitsBpf.Benchmarks.Reporting;

namespace TraitsBpf.Benchmarks.Traits;

/// <summary>Renders traits benchmark reports as text tables, Markdown or JSON.</summary>
public static class TraitReportWriter
{
    /// <summary>The target issue 6 sets: the C# versions within this factor of clang's.</summary>
    public const double TargetRatio = 1.1;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>The reports in <paramref name="format"/>.</summary>
    public static string Render(IReadOnlyList<TraitBenchmarkReport> reports, OutputFormat format)
    {
        if (format == OutputFormat.Json)
        {
            return JsonSerializer.Serialize(reports, Json) + Environment.NewLine;
        }

        Func<Table, string> render = format == OutputFormat.Markdown ? t => t.ToMarkdown() : t => t.ToText();
        string Paragraph(string line) => format == OutputFormat.Markdown ? line + Environment.NewLine : line;
        var text = new StringBuilder();
        foreach (var report in reports)
        {
            foreach (var line in Preamble(report))
            {
                text.AppendLine(Paragraph(line));
            }

            if (report.Skipped is not null)
            {
                text.AppendLine();
                continue;
            }

            text.AppendLine().Append(render(InstructionTable(report)));
            text.AppendLine().Append(render(TimingTable(report)));
            text.AppendLine().Append(render(CostTable(report)));
            text.AppendLine();
            foreach (var line in Verdict(report))
            {
                text.AppendLine(Paragraph(line));
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    private static IEnumerable<string> Preamble(TraitBenchmarkReport report)
    {
        string what = report.Backend == "kfunc"
            ? "ours (C# calling the trait kfuncs, compiled by us) against clang -O2 (C calling them)"
            : "ours (C#, TraitStore inlined by our compiler over the metadata area) against clang -O2 (the same programs in C over trait_store.h)";
        yield return $"Traits benchmark, {report.Backend} backend: {what}.";
        if (report.Skipped is not null)
        {
            yield return $"Skipped: {report.Skipped}";
            yield break;
        }

        var m = report.Machine;
        yield return $"Machine: {m.Cpu}, {m.Cores} cores; kernel {m.Kernel}; {m.Clang}; {m.Dotnet}; {m.When:yyyy-MM-dd HH:mm} UTC.";
        yield return $"Keys: {string.Join(", ", report.Keys.OrderBy(k => k.Value).Select(k => $"{k.Key} {k.Value}"))}. The timed programs' store holds bench_low (8 bytes), bench_mid (4), bench_hot (8) and bench_wide (16); setting bench_new moves the 24 bytes of hot and wide.";
        yield return $"Timing: BPF_PROG_TEST_RUN with repeat {report.Repeat:N0} over 128 bytes of metadata and a 64-byte frame, ours and clang's interleaved over {report.Rounds} rounds; the kernel's ns per repetition, interquartile mean over the rounds.";
    }

    private static Table InstructionTable(TraitBenchmarkReport report)
    {
        var table = new Table("Instructions of a program doing one operation (ours / clang)", ["operation", "object insns", "ratio", "xlated insns", "ratio", "verified insns", "ratio"]);
        foreach (var i in report.Instructions)
        {
            table.Add(i.Operation, Pair(i.ObjectInstructions.Ours, i.ObjectInstructions.Clang), Ratio(i.ObjectInstructions.Ratio),
                Pair(i.XlatedInstructions.Ours, i.XlatedInstructions.Clang), Ratio(i.XlatedInstructions.Ratio),
                Pair(i.VerifiedInstructions.Ours, i.VerifiedInstructions.Clang), Ratio(i.VerifiedInstructions.Ratio));
        }

        return table;
    }

    private static Table TimingTable(TraitBenchmarkReport report)
    {
        var table = new Table("Time per test-run repetition (kernel ns)", ["program", "ours", "clang", "ours/clang"]);
        foreach (var t in report.Timings)
        {
            table.Add($"{t.Label} ({t.Program})", Number(t.KernelNs.Ours, 1), Number(t.KernelNs.Clang, 1), Ratio(t.KernelNs.Ratio));
        }

        return table;
    }

    private static Table CostTable(TraitBenchmarkReport report)
    {
        var table = new Table("Cost of the operation: program less its reference, per round (ns)", ["operation", "less", "ours", "clang", "ours/clang"]);
        foreach (var c in report.Costs)
        {
            // A cost within the noise of the reference (or below it) has no meaningful ratio.
            bool measurable = c.NsPerOperation.Ours > 1 && c.NsPerOperation.Clang > 1;
            table.Add(c.Operation, c.Reference, Number(c.NsPerOperation.Ours, 1), Number(c.NsPerOperation.Clang, 1), measurable ? Ratio(c.NsPerOperation.Ratio) : "-");
        }

        return table;
    }

    private static IEnumerable<string> Verdict(TraitBenchmarkReport report)
    {
        var over = report.Instructions.Where(i => i.ObjectInstructions.Ratio > TargetRatio).Select(i => $"{i.Operation} {Ratio(i.ObjectInstructions.Ratio)}").ToList();
        yield return over.Count == 0
            ? $"Target (issue 6), C# within {TargetRatio}x of clang: met on object instructions for every operation."
            : $"Target (issue 6), C# within {TargetRatio}x of clang: object instructions over it for {string.Join(", ", over)}.";
        var slow = report.Costs.Where(c => c.IsTraitOperation && c.NsPerOperation.Ratio > TargetRatio).Select(c => $"{c.Operation} {Ratio(c.NsPerOperation.Ratio)}").ToList();
        yield return slow.Count == 0
            ? "Time per operation: within it for every trait operation."
            : $"Time per operation: over it for {string.Join(", ", slow)} (the kernel reports whole nanoseconds; differences of a nanosecond or two are within the noise).";
    }

    private static string Pair(double ours, double clang) => $"{Number(ours, 0)} / {Number(clang, 0)}";

    private static string Ratio(double ratio) => double.IsNaN(ratio) ? "-" : ratio.ToString("0.00", CultureInfo.InvariantCulture) + "x";

    private static string Number(double value, int decimals) =>
        double.IsNaN(value) ? "-" : value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
