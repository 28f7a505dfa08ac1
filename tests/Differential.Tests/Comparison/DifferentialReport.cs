namespace TraitsBpf.Differential.Tests.Comparison;

/// <summary>What a program did over a corpus on which every side agreed.</summary>
/// <param name="Packets">Packets run.</param>
/// <param name="Actions">How many packets got each action, by action name.</param>
/// <param name="Rewritten">Packets whose output differs from their input.</param>
/// <param name="MapCheckpoints">Times the maps were compared.</param>
/// <param name="MapEntriesAtEnd">Entries in the compared maps after the last packet.</param>
public sealed record DifferentialReport(int Packets, IReadOnlyDictionary<string, int> Actions, int Rewritten, int MapCheckpoints, int MapEntriesAtEnd)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"{Packets} packets; actions {string.Join(", ", Actions.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key} {a.Value}"))}; " +
        $"{Rewritten} rewritten; maps compared {MapCheckpoints} times, {MapEntriesAtEnd} entries at the end";
}
