using System.Text;

namespace TraitsBpf.Benchmarks.Reporting;

/// <summary>A titled table of text cells, printable aligned for a terminal or as Markdown.</summary>
public sealed class Table(string title, IReadOnlyList<string> headers)
{
    private readonly List<IReadOnlyList<string>> rows = [];

    /// <summary>The title printed above the table.</summary>
    public string Title { get; } = title;

    /// <summary>Adds a row; it must have a cell per header.</summary>
    public void Add(params IReadOnlyList<string> cells)
    {
        if (cells.Count != headers.Count)
        {
            throw new ArgumentException($"a row of table '{Title}' needs {headers.Count} cells, got {cells.Count}", nameof(cells));
        }

        rows.Add(cells);
    }

    /// <summary>The table with aligned columns: text left-aligned in the first column, figures right-aligned in the others.</summary>
    public string ToText()
    {
        var widths = headers.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder().AppendLine(Title);
        foreach (var row in rows.Prepend(headers))
        {
            text.Append("  ").AppendJoin("  ", row.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))).AppendLine();
        }

        return text.ToString();
    }

    /// <summary>The table in Markdown, figures right-aligned.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder().AppendLine($"#### {Title}").AppendLine();
        text.Append("| ").AppendJoin(" | ", headers).AppendLine(" |");
        text.Append('|').AppendJoin('|', headers.Select((_, i) => i == 0 ? "---" : "---:")).AppendLine("|");
        foreach (var row in rows)
        {
            text.Append("| ").AppendJoin(" | ", row).AppendLine(" |");
        }

        return text.ToString();
    }
}
