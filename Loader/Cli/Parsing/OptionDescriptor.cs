namespace TraitsBpf.Cli.Parsing;

/// <summary>A named option of a verb, as its <see cref="OptionAttribute"/> declares it.</summary>
/// <param name="ShortName">The one-letter name, if any.</param>
/// <param name="LongName">The name after <c>--</c>.</param>
/// <param name="HelpText">The description in the verb's help.</param>
/// <param name="Required">The command line is refused without it.</param>
/// <param name="SetName">Options of different sets cannot be given together.</param>
/// <param name="DefaultText">The default shown in help.</param>
/// <param name="Arity">Flag, one value or a repeatable value.</param>
/// <param name="Assign">Stores a value in the options object.</param>
internal sealed record OptionDescriptor(
    char? ShortName, string LongName, string HelpText, bool Required, string? SetName, string? DefaultText, OptionArity Arity, ValueAssignment Assign)
{
    /// <summary>How errors name the option: <c>i, iface</c> or <c>traits</c>.</summary>
    public string ErrorName => ShortName is { } s ? $"{s}, {LongName}" : LongName;

    /// <summary>How help lists the option: <c>-i, --iface</c> or <c>--traits</c>.</summary>
    public string HelpName => ShortName is { } s ? $"-{s}, --{LongName}" : $"--{LongName}";
}
