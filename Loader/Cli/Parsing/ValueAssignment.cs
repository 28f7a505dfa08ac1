namespace TraitsBpf.Cli.Parsing;

/// <summary>Stores one command-line value in the options object; false when the value is malformed for the property's type.</summary>
internal delegate bool ValueAssignment(VerbOptions options, string value);
