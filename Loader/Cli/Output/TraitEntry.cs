namespace TraitsBpf.Cli.Output;

/// <summary>One registered trait as <c>traits --json</c> prints it.</summary>
/// <param name="Name">The trait's name.</param>
/// <param name="Key">Its key on this host.</param>
/// <param name="Size">Its value size in bytes (0: a flag).</param>
/// <param name="Type">Its value type's CLR name.</param>
/// <param name="RegisteredBy">The program that registered it.</param>
/// <param name="RegisteredAt">When.</param>
/// <param name="UsedBy">The attachments whose programs use it now.</param>
public sealed record TraitEntry(string Name, int Key, int Size, string Type, string RegisteredBy, DateTimeOffset RegisteredAt, IReadOnlyList<string> UsedBy);
