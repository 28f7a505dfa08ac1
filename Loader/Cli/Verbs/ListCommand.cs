using System.Text.Json;
using TraitsBpf.Cli.Output;
using TraitsBpf.Loader.Attach;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Loading;

namespace TraitsBpf.Cli.Verbs;

/// <summary>Lists traitsbpf's attachments with their live state.</summary>
public sealed class ListCommand : CliCommand<ListOptions>
{
    /// <inheritdoc/>
    protected override ExitCode Execute(ListOptions options, CliContext context)
    {
        Capabilities.Require("traitsbpf list", bpf: true, netAdmin: false);
        var attachments = context.Attachments.List();
        if (options.Json)
        {
            var entries = attachments.Select(a => ListEntry.From(a, attachments)).ToList();
            context.Out.WriteLine(JsonSerializer.Serialize(entries, CliJsonContext.Default.ListListEntry));
            return ExitCode.Success;
        }

        if (attachments.Count == 0)
        {
            context.Out.WriteLine("traitsbpf has nothing attached");
            return ExitCode.Success;
        }
        // A cgroup's attachments are one group wherever they were made: cgroups are not per network namespace.
        foreach (var group in attachments.GroupBy(a => (a.Record.Interface, a.CurrentInterface, a.Record.InterfaceIndex, a.Record.Hook == AttachHook.Cgroup ? 0 : a.Record.NetworkNamespace)))
        {
            var renamed = group.Key.CurrentInterface is { } now && now != group.Key.Interface ? $" now named {now}" : "";
            context.Out.WriteLine(group.First().Record.Hook switch
            {
                AttachHook.Trace => $"{group.Key.Interface} (kernel-wide)",
                AttachHook.Cgroup => $"{group.Key.Interface} (cgroup v2)",
                _ => $"{group.Key.Interface}{renamed} (ifindex {group.Key.InterfaceIndex}, netns {group.Key.Item4})",
            });
            foreach (var status in group)
            {
                var r = status.Record;
                var how = AttachmentDescription.Placement(r, " via ");
                context.Out.WriteLine($"  {r.Name}: {AttachTarget.NameOf(r)} ({how}), program '{r.Program}' id {r.ProgramId}, {ListEntry.StateName(status.State, r.Hook)}");
                context.Out.WriteLine($"    source: {r.Source}");
                context.Out.WriteLine($"    pins:   {status.PinDirectory}/ {{{string.Join(", ", status.Pins)}}}");
                if (status.Dispatcher is { } dispatcher)
                    WriteHook(context, $"libxdp dispatcher id {dispatcher.Id} ({dispatcher.Mode.ToString().ToLowerInvariant()}), programs in run order:", dispatcher.Programs, attachments);
                if (status.TcxOrder is { } order)
                    WriteHook(context, $"tcx programs on {AttachTarget.NameOf(r.Hook)}, in run order:", order, attachments);
                if (r.Traits is { } traits)
                    context.Out.WriteLine($"    traits: {ObjectTraits.Describe(traits.Backend, traits.Names.Count > 0 ? "named " + string.Join(", ", traits.Names) : null, traits.Keys)}");
            }
        }
        return ExitCode.Success;
    }

    // Every program on a shared hook, other tools' too, in the order they run.
    private static void WriteHook(CliContext context, string heading, IReadOnlyList<HookProgram> programs, IReadOnlyList<AttachmentStatus> attachments)
    {
        context.Out.WriteLine($"    {heading}");
        foreach (var program in programs)
            context.Out.WriteLine($"      {HookProgramEntry.From(program, attachments).Describe()}");
    }
}
