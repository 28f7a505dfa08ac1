namespace TraitsBpf.Cli.Parsing;

/// <summary><c>--version</c> or <c>version</c>.</summary>
internal sealed record VersionRequest : ParseOutcome;
