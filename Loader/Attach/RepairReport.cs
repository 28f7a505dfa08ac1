namespace TraitsBpf.Loader.Attach;

/// <summary>What <c>repair</c> found and did.</summary>
/// <param name="Actions">One sentence per thing undone, removed or deliberately left alone.</param>
/// <param name="Active">How many attachments the kernel runs as their records say (left as they are).</param>
public sealed record RepairReport(IReadOnlyList<string> Actions, int Active)
{
    /// <summary>The closing line: how many attachments are in place, and whether anything needed repair.</summary>
    public string Summary => Actions.Count == 0
        ? $"nothing to repair: {Active} attachment(s) in place"
        : $"repair done: {Active} attachment(s) in place";
}
