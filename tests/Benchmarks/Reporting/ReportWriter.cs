using System.Text;
using System.Text.Json;
using TraitsBpf.Benchmarks.Measuring;

namespace TraitsBpf.Benchmarks.Reporting;

/// <summary>Renders a benchmark report as text tables, Markdown or JSON.</summary>
public static class ReportWriter
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The report in <paramref name="format"/>.</summary>
    public static string Render(BenchmarkReport report, OutputFormat format) => format switch
    {
        OutputFormat.Json => JsonSerializer.Serialize(report, Json) + Environment.NewLine,
        OutputFormat.Markdown => Tables(report, table => table.ToMarkdown(), line => line + Environment.NewLine),
        _ => Tables(report, table => table.ToText(), line => line),
    };

    private static string Tables(BenchmarkReport report, Func<Table, string> render, Func<string, string> paragraph)
    {
        var text = new StringBuilder();
        foreach (var line in ReportTables.Preamble(report))
        {
            text.AppendLine(paragraph(line));
        }

        text.AppendLine().Append(render(ReportTables.Summary(report)));
        foreach (var table in ReportTables.PerProgram(report))
        {
            text.AppendLine().Append(render(table));
        }

        return text.ToString();
    }
}
