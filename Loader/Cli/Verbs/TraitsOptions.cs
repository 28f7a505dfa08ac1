namespace TraitsBpf.Cli.Verbs;

/// <summary><c>traitsbpf traits</c>: the host's trait registry.</summary>
[Verb("traits", HelpText = "List the host's trait registry: each trait name's key, size and type, and the attached programs that use it.")]
public sealed class TraitsOptions : VerbOptions
{
    /// <summary>Print JSON.</summary>
    [Option("json", HelpText = "Print JSON.")]
    public bool Json { get; set; }

    /// <summary>Unregister the names no attached program uses.</summary>
    [Option("gc", HelpText = "Unregister every trait name that no attached program uses, freeing its key.")]
    public bool CollectGarbage { get; set; }
}
