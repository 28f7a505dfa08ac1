namespace TraitsBpf.Cli.Parsing;

/// <summary>A verb: its name, help, options class and arguments, as the generator read them from the class's attributes.</summary>
/// <param name="Name">The verb as typed.</param>
/// <param name="HelpText">Its line in the verb list.</param>
/// <param name="OptionsType">The <c>[Verb]</c> class (pairs the verb with its <see cref="ICliCommand"/>).</param>
/// <param name="Create">A new options object with the properties' defaults.</param>
/// <param name="Options">The named options, the class's own before its base classes'.</param>
/// <param name="Values">The positional arguments.</param>
internal sealed record VerbDescriptor(
    string Name, string HelpText, Type OptionsType, Func<VerbOptions> Create, IReadOnlyList<OptionDescriptor> Options, IReadOnlyList<ValueDescriptor> Values);
