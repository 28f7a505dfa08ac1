namespace TraitsBpf.Cli.Parsing;

/// <summary><c>--help</c>, <c>help</c> or <c>help VERB</c>.</summary>
/// <param name="Verb">The verb whose options to describe; null lists the verbs.</param>
internal sealed record HelpRequest(VerbDescriptor? Verb) : ParseOutcome;
