using System.Globalization;
using System.Text;
using System.Text.Json;
using TraitsBpf.Benchmarks.Reporting;

namespace TraitsBpf.Benchmarks.ColdStart;

/// <summary>Renders the cold-process compile figures as a text table, Markdown or JSON.</summary>
public static class ColdCompileReportWriter
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The report in <paramref name="format"/>.</summary>
    public static string Render(ColdCompileReport report, OutputFormat format)
    {
        if (format == OutputFormat.Json)
        {
            return JsonSerializer.Serialize(report, Json) + Environment.NewLine;
        }

        var table = new Table(
            $"Cold compile, whole processes, median of {report.Runs} (ms): traitsbpf compile --program ... against clang on the C twin",
            ["C twin", "programs", "native", "dotnet tool", "clang", "native/clang"]);
        foreach (var f in report.Figures)
        {
            table.Add(f.Twin, string.Join(", ", f.Programs), Ms(f.NativeMs), Ms(f.ToolMs), Ms(f.ClangMs), f.NativeRatio.ToString("0.00", CultureInfo.InvariantCulture));
        }

        var m = report.Machine;
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"{m.Cpu}, {m.Cores} cores, kernel {m.Kernel}, {m.Clang}, {m.Dotnet}, {m.When:yyyy-MM-dd HH:mm} UTC")
            .AppendLine()
            .Append(format == OutputFormat.Markdown ? table.ToMarkdown() : table.ToText());
        foreach (var skipped in report.Skipped)
        {
            text.AppendLine().Append("skipped ").AppendLine(skipped);
        }

        return text.ToString();
    }

    private static string Ms(double ms) => ms.ToString("0", CultureInfo.InvariantCulture);
}
