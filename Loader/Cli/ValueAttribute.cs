namespace TraitsBpf.Cli;

/// <summary>A positional argument of a verb, read like an <see cref="OptionAttribute"/> value of the property's type.</summary>
/// <param name="index">The position among the verb's positional arguments, from 0.</param>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class ValueAttribute(int index) : Attribute
{
    /// <summary>The position among the verb's positional arguments, from 0.</summary>
    public int Index { get; } = index;

    /// <summary>The argument's name in help and errors.</summary>
    public string MetaName { get; set; } = "";

    /// <summary>The command line is refused without this argument.</summary>
    public bool Required { get; set; }

    /// <summary>The argument's description in the verb's help.</summary>
    public string HelpText { get; set; } = "";
}
