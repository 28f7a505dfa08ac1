using TraitsBpf.Loader.Kernel;

namespace TraitsBpf.Cli.Verbs;

/// <summary>Reconciles traitsbpf's records and pins with the kernel's view, saying what it did.</summary>
public sealed class RepairCommand : CliCommand<RepairOptions>
{
    /// <inheritdoc/>
    protected override ExitCode Execute(RepairOptions options, CliContext context)
    {
        Capabilities.Require("traitsbpf repair", bpf: true, netAdmin: true);
        using var shield = new Output.SignalShield();
        var report = context.Attachments.Repair();
        foreach (var line in report.Actions)
            context.Out.WriteLine(line);
        context.Out.WriteLine(report.Summary);
        return ExitCode.Success;
    }
}
