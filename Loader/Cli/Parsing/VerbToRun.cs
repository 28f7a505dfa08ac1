namespace TraitsBpf.Cli.Parsing;

/// <summary>A well-formed verb invocation.</summary>
/// <param name="Verb">The verb.</param>
/// <param name="Options">Its options class, filled in.</param>
internal sealed record VerbToRun(VerbDescriptor Verb, VerbOptions Options) : ParseOutcome;
