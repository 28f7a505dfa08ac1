namespace TraitsBpf.Cli;

/// <summary>
/// A named option of a verb (<c>--long</c>, and <c>-s</c> when it has a short name). The property's type
/// says how its value is read: <see cref="bool"/> is a flag; <see cref="string"/>, <see cref="int"/> and enums
/// (case-insensitive names) take one value; a sequence of strings takes a value each time it is repeated.
/// Nullable value types stay null when the option is absent.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class OptionAttribute : Attribute
{
    /// <summary>An option with a short name (<c>-i</c>) and a long one (<c>--iface</c>).</summary>
    public OptionAttribute(char shortName, string longName)
    {
        ShortName = shortName;
        LongName = longName;
    }

    /// <summary>An option with only a long name.</summary>
    public OptionAttribute(string longName) => LongName = longName;

    /// <summary>The one-letter name, if any.</summary>
    public char? ShortName { get; }

    /// <summary>The name after <c>--</c>.</summary>
    public string LongName { get; }

    /// <summary>The option's description in the verb's help.</summary>
    public string HelpText { get; set; } = "";

    /// <summary>The command line is refused without this option.</summary>
    public bool Required { get; set; }

    /// <summary>Options with different set names cannot be given together.</summary>
    public string? SetName { get; set; }

    /// <summary>The default shown in help; the property's initializer is what sets it.</summary>
    public object? Default { get; set; }
}
