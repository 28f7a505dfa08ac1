namespace TraitsBpf.Cli.Verbs;

/// <summary><c>traitsbpf maps</c>: the contents of an attachment's pinned maps.</summary>
[Verb("maps", HelpText = "Print the contents of an attachment's pinned maps (counters and the like).")]
public sealed class MapsOptions : VerbOptions
{
    /// <summary>The attachment.</summary>
    [Value(0, MetaName = "name", Required = true, HelpText = "The attachment's name, as `list` shows it.")]
    public string Name { get; set; } = "";

    /// <summary>Only this map.</summary>
    [Option('m', "map", HelpText = "Print only this map.")]
    public string? Map { get; set; }

    /// <summary>Print JSON.</summary>
    [Option("json", HelpText = "Print JSON.")]
    public bool Json { get; set; }
}
