namespace TraitsBpf.Differential.Tests.Maps;

/// <summary>
/// The contents of a program's maps at one moment, one text line per entry ("key → value" in
/// hex, or "record n: bytes" for ring buffers), sorted so two snapshots compare line by line
/// whatever order the maps were iterated in.
/// </summary>
public sealed class MapSnapshot
{
    private const int MaxReportedLines = 12;

    private readonly SortedDictionary<string, IReadOnlyList<string>> maps = new(StringComparer.Ordinal);

    /// <summary>The maps in the snapshot, by name.</summary>
    public IEnumerable<string> Names => maps.Keys;

    /// <summary>Entries over all maps.</summary>
    public int EntryCount => maps.Values.Sum(lines => lines.Count);

    /// <summary>Adds a map's entries (sorted here unless <paramref name="ordered"/>: ring buffer records keep their order).</summary>
    public void Add(string map, IEnumerable<string> entries, bool ordered = false) =>
        maps.Add(map, ordered ? entries.ToList() : entries.Order(StringComparer.Ordinal).ToList());

    /// <summary>
    /// Null when <paramref name="expected"/> and <paramref name="actual"/> hold the same maps with
    /// the same entries; otherwise what differs, with the entries only one side has.
    /// </summary>
    public static string? Difference(MapSnapshot expected, string expectedSide, MapSnapshot actual, string actualSide)
    {
        var report = new List<string>();
        foreach (var name in expected.maps.Keys.Union(actual.maps.Keys).Order(StringComparer.Ordinal))
        {
            if (!expected.maps.TryGetValue(name, out var left) || !actual.maps.TryGetValue(name, out var right))
            {
                report.Add($"map {name} exists only in {(expected.maps.ContainsKey(name) ? expectedSide : actualSide)}");
                continue;
            }

            if (left.SequenceEqual(right))
            {
                continue;
            }

            report.Add($"map {name}: {left.Count} entries in {expectedSide}, {right.Count} in {actualSide}");
            report.AddRange(left.Except(right).Take(MaxReportedLines).Select(line => $"  only in {expectedSide}: {line}"));
            report.AddRange(right.Except(left).Take(MaxReportedLines).Select(line => $"  only in {actualSide}: {line}"));
            if (left.Order().SequenceEqual(right.Order()))
            {
                report.Add("  (the same records in a different order)");
            }
        }

        return report.Count == 0 ? null : string.Join(Environment.NewLine, report);
    }
}
