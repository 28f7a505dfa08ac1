namespace TraitsBpf.Cli.Verbs;

/// <summary><c>traitsbpf detach</c>: remove what traitsbpf attached.</summary>
[Verb("detach", HelpText = "Detach and unpin what traitsbpf attached to an interface (only that; other tools' programs stay).")]
public sealed class DetachOptions : VerbOptions
{
    /// <summary>The interface to clean up.</summary>
    [Option('i', "iface", HelpText = "The interface whose traitsbpf attachments to remove.")]
    public string? Interface { get; set; }

    /// <summary>Only this attachment.</summary>
    [Option('n', "name", HelpText = "Remove only the attachment of this name.")]
    public string? Name { get; set; }
}
