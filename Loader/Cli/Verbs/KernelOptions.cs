namespace TraitsBpf.Cli.Verbs;

/// <summary><c>traitsbpf kernel</c>: what the running kernel supports.</summary>
[Verb("kernel", HelpText = "Show what the running kernel supports: BTF, trait kfuncs (and so the traits backend), XDP and tcx links, traits at sockets.")]
public sealed class KernelOptions : VerbOptions
{
    /// <summary>Print JSON.</summary>
    [Option("json", HelpText = "Print JSON.")]
    public bool Json { get; set; }
}
