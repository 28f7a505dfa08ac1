namespace TraitsBpf.Cli.Parsing;

/// <summary>What the command line asks for: a verb to run, help, the version, or nothing valid.</summary>
internal abstract record ParseOutcome;
