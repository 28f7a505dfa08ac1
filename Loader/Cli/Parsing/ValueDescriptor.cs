namespace TraitsBpf.Cli.Parsing;

/// <summary>A positional argument of a verb, as its <see cref="ValueAttribute"/> declares it.</summary>
/// <param name="Index">The position among the positional arguments, from 0.</param>
/// <param name="MetaName">Its name in help and errors.</param>
/// <param name="HelpText">The description in the verb's help.</param>
/// <param name="Required">The command line is refused without it.</param>
/// <param name="Assign">Stores the value in the options object.</param>
internal sealed record ValueDescriptor(int Index, string MetaName, string HelpText, bool Required, ValueAssignment Assign);
