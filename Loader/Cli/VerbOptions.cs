namespace TraitsBpf.Cli;

/// <summary>Options every verb has.</summary>
public abstract class VerbOptions
{
    /// <summary>Log what traitsbpf and libbpf do, to stderr.</summary>
    [Option('v', "verbose", HelpText = "Log what traitsbpf and libbpf do (to stderr).")]
    public bool Verbose { get; set; }
}
