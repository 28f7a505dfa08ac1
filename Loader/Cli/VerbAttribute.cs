namespace TraitsBpf.Cli;

/// <summary>
/// Declares an options class as a verb of <c>traitsbpf</c>. The CLI's source generator reads this
/// attribute and the <see cref="OptionAttribute"/> and <see cref="ValueAttribute"/> properties at build
/// time and writes the verb's parser, so nothing is discovered by reflection at run time.
/// </summary>
/// <param name="name">The verb as typed on the command line.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class VerbAttribute(string name) : Attribute
{
    /// <summary>The verb as typed on the command line.</summary>
    public string Name { get; } = name;

    /// <summary>The verb's line in <c>traitsbpf --help</c>.</summary>
    public string HelpText { get; set; } = "";
}
