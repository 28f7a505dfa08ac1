namespace TraitsBpf.Cli.Verbs;

/// <summary><c>traitsbpf list</c>: what traitsbpf attached.</summary>
[Verb("list", HelpText = "List what traitsbpf attached, per interface: programs, ids, hooks and pins.")]
public sealed class ListOptions : VerbOptions
{
    /// <summary>Print JSON instead of text.</summary>
    [Option("json", HelpText = "Print JSON.")]
    public bool Json { get; set; }
}
