namespace TraitsBpf.Cli.Verbs;

/// <summary><c>traitsbpf detach</c>: remove what traitsbpf attached.</summary>
[Verb("detach", HelpText = "Detach and unpin what traitsbpf attached to an interface or a cgroup (only that; other tools' programs stay).")]
public sealed class DetachOptions : VerbOptions
{
    /// <summary>The interface to clean up.</summary>
    [Option('i', "iface", HelpText = "The interface whose traitsbpf attachments to remove.")]
    public string? Interface { get; set; }

    /// <summary>The cgroup whose traitsbpf attachments to remove.</summary>
    [Option("cgroup", HelpText = "The cgroup v2 directory whose traitsbpf attachments to remove.")]
    public string? Cgroup { get; set; }

    /// <summary>Only this attachment.</summary>
    [Option('n', "name", HelpText = "Remove only the attachment of this name.")]
    public string? Name { get; set; }
}
