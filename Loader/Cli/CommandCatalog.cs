using TraitsBpf.Cli.Verbs;

namespace TraitsBpf.Cli;

/// <summary>The verbs traitsbpf offers. A new verb is an options class, a command class and one line here.</summary>
public static class CommandCatalog
{
    /// <summary>Every command, in the order help lists them.</summary>
    public static IReadOnlyList<ICliCommand> Commands { get; } =
    [
        new CompileCommand(),
        new LoadCommand(),
        new DetachCommand(),
        new ListCommand(),
        new RepairCommand(),
        new MapsCommand(),
        new RunCommand(),
        new DumpCommand(),
        new TraitsCommand(),
        new KernelCommand(),
        new TraceCommand(),
    ];
}
