namespace TraitsBpf.Cli.Parsing;

/// <summary>A malformed command line.</summary>
/// <param name="Messages">What is wrong, one clause each, without a full stop.</param>
/// <param name="Verb">The verb the mistake is in (its help is the one to read), if one was recognised.</param>
internal sealed record UsageMistake(IReadOnlyList<string> Messages, VerbDescriptor? Verb) : ParseOutcome;
