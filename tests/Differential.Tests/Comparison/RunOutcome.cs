namespace TraitsBpf.Differential.Tests.Comparison;

/// <summary>
/// What one run of a program did to a packet: its return value and the bytes after it (for XDP,
/// the metadata area first, as BPF_PROG_TEST_RUN returns them), or the error that stopped it.
/// </summary>
public sealed record RunOutcome(uint Action, byte[] Output, string? Error = null)
{
    /// <summary>
    /// Ranges of <see cref="Output"/> that held clock readings (trait values of clock traits):
    /// zeroed in <see cref="Output"/>, so they compare equal, and shown as ".." in reports.
    /// </summary>
    public IReadOnlyList<(int Offset, int Length)> Masked { get; init; } = [];

    /// <summary>A run that failed before producing a result (an exception, a refused test run).</summary>
    public static RunOutcome Failed(string error) => new(uint.MaxValue, [], error);

    /// <summary>True when both runs returned the same action and the same bytes, or failed alike.</summary>
    public bool SameAs(RunOutcome other) =>
        Action == other.Action && Output.AsSpan().SequenceEqual(other.Output) && Error == other.Error;

    /// <summary>The outcome as a report line: action, length and bytes.</summary>
    public string Describe(Func<uint, string> actionName) =>
        Error is not null ? $"failed: {Error}" : $"{actionName(Action)} ({Action}), {Output.Length} bytes: {Hex()}";

    private string Hex()
    {
        var hex = Convert.ToHexString(Output).ToCharArray();
        foreach (var (offset, length) in Masked)
        {
            hex.AsSpan(2 * offset, 2 * length).Fill('.');
        }

        return new string(hex);
    }
}
