namespace TraitsBpf.Cli.Output;

/// <summary>A constant integer key attached programs use, as <c>traits --json</c> prints it.</summary>
/// <param name="Key">The key.</param>
/// <param name="UsedBy">The attachments whose programs use it.</param>
public sealed record TraitKeyEntry(int Key, IReadOnlyList<string> UsedBy);
