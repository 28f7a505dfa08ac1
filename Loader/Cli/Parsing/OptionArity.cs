namespace TraitsBpf.Cli.Parsing;

/// <summary>How many values an option takes.</summary>
internal enum OptionArity
{
    /// <summary>None: its presence sets the property to true.</summary>
    Flag,

    /// <summary>One; given again, the last one counts.</summary>
    Single,

    /// <summary>One each time it is given; all are kept, in order.</summary>
    Repeated,
}
