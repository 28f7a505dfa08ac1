using TraitsBpf.Loader;
using TraitsBpf.Loader.Kernel;

namespace TraitsBpf.Cli.Verbs;

/// <summary>Detaches and unpins traitsbpf's attachments.</summary>
public sealed class DetachCommand : CliCommand<DetachOptions>
{
    /// <inheritdoc/>
    protected override ExitCode Execute(DetachOptions options, CliContext context)
    {
        if (options.Interface is null && options.Name is null && options.Cgroup is null)
            throw new LoaderException(LoaderErrorKind.InvalidArgument, "detach needs --iface, --cgroup or --name");
        if (options.Interface is not null && options.Cgroup is not null)
            throw new LoaderException(LoaderErrorKind.InvalidArgument, "detach takes --iface or --cgroup, not both");
        Capabilities.Require("traitsbpf detach", bpf: true, netAdmin: true);
        // Ctrl-C waits until the detach is complete and reported.
        using var shield = new Output.SignalShield();
        foreach (var outcome in context.Attachments.Detach(options.Interface, options.Name, options.Cgroup))
            context.Out.WriteLine(outcome.Describe());
        return ExitCode.Success;
    }
}
