using System.Text.Json;
using TraitsBpf.Cli.Output;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Traits;

namespace TraitsBpf.Cli.Verbs;

/// <summary>Lists the host's trait registry and which attached programs use each trait.</summary>
public sealed class TraitsCommand : CliCommand<TraitsOptions>
{
    /// <inheritdoc/>
    protected override ExitCode Execute(TraitsOptions options, CliContext context)
    {
        Capabilities.Require("traitsbpf traits", bpf: true, netAdmin: false);
        var registry = new HostTraitRegistry(context.Logger);
        if (options.CollectGarbage)
            return CollectGarbage(registry, context);
        var usage = registry.Usage();
        var traits = registry.List()
            .Select(t => new TraitEntry(t.Name, t.Key, t.Size, t.TypeName, t.RegisteredBy, t.RegisteredAt, usage.Names.GetValueOrDefault(t.Name, [])))
            .ToList();
        var keys = usage.Keys.OrderByDescending(k => k.Key).Select(k => new TraitKeyEntry(k.Key, k.Value)).ToList();
        var backend = new HostTraitBackend(context.Logger).Read();
        var stash = new HostTraitStash(context.Logger);
        var stashReport = stash.State() is { } state
            ? new StashReport(stash.PinPath, state.Entries, state.Capacity, state.Refused, new Sources.StashReaperInstaller(context.Attachments, context.Logger).Missing())
            : null;
        var report = new TraitsReport(registry.PinPath, traits, keys, backend is null ? null : Abi.TraitsBackendNames.Of(backend.Backend), backend?.RecordedBy, stashReport);
        if (options.Json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(report, CliJsonContext.Default.TraitsReport));
            return ExitCode.Success;
        }

        if (traits.Count == 0)
        {
            context.Out.WriteLine($"no traits are registered on this host ({registry.PinPath})");
        }
        else
        {
            context.Out.WriteLine($"{"KEY",3}  {"NAME",-24} {"SIZE",4}  {"TYPE",-24} USED BY");
            foreach (var t in traits)
                context.Out.WriteLine($"{t.Key,3}  {t.Name,-24} {t.Size,4}  {t.Type,-24} {(t.UsedBy.Count == 0 ? "-" : string.Join(", ", t.UsedBy))}");
        }

        foreach (var k in keys)
            context.Out.WriteLine($"integer key {k.Key}: used by {string.Join(", ", k.UsedBy)}");
        context.Out.WriteLine(backend is null
            ? "backend: none recorded yet (the next program that uses traits chooses it)"
            : $"backend: {report.Backend} (chosen by {backend.RecordedBy} at {backend.RecordedAt:u})");
        if (stashReport is not null)
        {
            context.Out.WriteLine($"stash: {stashReport.Entries} of {stashReport.Capacity} entries in use, {stashReport.Refused} refused because it was full ({stashReport.Path})");
            context.Out.WriteLine(stashReport.ReaperMissing.Count == 0
                ? $"stash reaper: {string.Join(" and ", Abi.TraitStashFormat.ReaperPrograms)} attached (tp_btf/consume_skb, tp_btf/kfree_skb)"
                : $"stash reaper: {string.Join(" and ", stashReport.ReaperMissing)} not attached: entries of freed packets stay until their address is reused; the next stash load attaches it");
        }

        return ExitCode.Success;
    }

    private static ExitCode CollectGarbage(HostTraitRegistry registry, CliContext context)
    {
        var removed = registry.CollectGarbage();
        foreach (var t in removed)
            context.Out.WriteLine($"unregistered trait '{t.Name}' (key {t.Key}, registered by {t.RegisteredBy}): no attached program uses it");
        context.Out.WriteLine(removed.Count == 0 ? "every registered trait is in use" : $"{removed.Count} trait name(s) unregistered; their keys are free again");
        return ExitCode.Success;
    }
}
