namespace TraitsBpf.TestSupport.Docs;

/// <summary>
/// The construct table of docs/compiler.md: each row names a C# construct, whether the compiler
/// takes it, the program that shows it, and for a refused construct what the compiler says.
/// Tests read it so that the table stays true.
/// </summary>
public static class ConstructTable
{
    private const string Start = "<!-- construct-table -->";
    private const string End = "<!-- /construct-table -->";

    /// <summary>One row of the table.</summary>
    /// <param name="Construct">The construct, as the table names it.</param>
    /// <param name="Supported">True for "supported", false for "refused".</param>
    /// <param name="Program">The program (attribute name) that uses it.</param>
    /// <param name="Message">For a refused construct, text the compiler's message contains.</param>
    public sealed record Row(string Construct, bool Supported, string Program, string Message);

    /// <summary>Every row, read from the repository's docs/compiler.md.</summary>
    public static IReadOnlyList<Row> Rows { get; } = Read(Path.Combine(Host.Repository.Root, "docs", "compiler.md"));

    private static List<Row> Read(string path)
    {
        var text = File.ReadAllText(path);
        int start = text.IndexOf(Start, StringComparison.Ordinal);
        int end = text.IndexOf(End, StringComparison.Ordinal);
        if (start < 0 || end < start)
            throw new InvalidDataException($"{path} has no construct table between '{Start}' and '{End}'");

        var rows = new List<Row>();
        foreach (var line in text[(start + Start.Length)..end].Split('\n'))
        {
            if (!line.StartsWith("| ", StringComparison.Ordinal) || line.StartsWith("| construct", StringComparison.Ordinal) || line.StartsWith("|--", StringComparison.Ordinal))
                continue;
            var cells = line.Trim().Trim('|').Split(" | ").Select(c => c.Trim()).ToArray();
            if (cells.Length != 4)
                throw new InvalidDataException($"construct table row '{line}' does not have 4 cells");
            bool supported = cells[1] switch
            {
                "supported" => true,
                "refused" => false,
                _ => throw new InvalidDataException($"construct table row '{line}' is neither supported nor refused"),
            };
            rows.Add(new Row(cells[0], supported, cells[2].Trim('`'), Unquote(cells[3])));
        }

        return rows;
    }

    /// <summary>The code span of a refused row's last cell ("what the compiler says"): `text`, or `` text `` when it holds a backtick.</summary>
    private static string Unquote(string cell)
    {
        int doubled = cell.IndexOf("`` ", StringComparison.Ordinal);
        if (doubled >= 0)
        {
            int end = cell.IndexOf(" ``", doubled + 3, StringComparison.Ordinal);
            return end > doubled ? cell[(doubled + 3)..end] : "";
        }

        int open = cell.IndexOf('`', StringComparison.Ordinal);
        int close = open < 0 ? -1 : cell.IndexOf('`', open + 1);
        return close > open ? cell[(open + 1)..close] : "";
    }
}
