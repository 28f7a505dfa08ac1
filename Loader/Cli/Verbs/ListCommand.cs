using System.Text.Json;
using TraitsBpf.Cli.Output;
using TraitsBpf.Loader.Attach;
using TraitsBpf.Loader.Kernel;

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
            var entries = attachments.Select(ListEntry.From).ToList();
            context.Out.WriteLine(JsonSerializer.Serialize(entries, CliJsonContext.Default.ListListEntry));
            return ExitCode.Success;
        }

        if (attachments.Count == 0)
        {
            context.Out.WriteLine("traitsbpf has nothing attached");
            return ExitCode.Success;
        }
        foreach (var group in attachments.GroupBy(a => (a.Record.Interface, a.Record.InterfaceIndex, a.Record.NetworkNamespace)))
        {
            context.Out.WriteLine($"{group.Key.Interface} (ifindex {group.Key.InterfaceIndex}, netns {group.Key.NetworkNamespace})");
            foreach (var status in group)
            {
                var r = status.Record;
                var how = r.Hook == AttachHook.Xdp
                    ? $"{r.XdpMode?.ToString().ToLowerInvariant()} via {(r.Method == AttachMethod.XdpLink ? "bpf_link" : "netlink")}"
                    : $"handle 0x{r.TcHandle:x} priority {r.TcPriority}";
                context.Out.WriteLine($"  {r.Name}: {ListEntry.HookName(r.Hook)} ({how}), program '{r.Program}' id {r.ProgramId}, {ListEntry.StateName(status.State)}");
                context.Out.WriteLine($"    source: {r.Source}");
                context.Out.WriteLine($"    pins:   {status.PinDirectory}/ {{{string.Join(", ", status.Pins)}}}");
                if (r.Traits is { } traits)
                    context.Out.WriteLine($"    traits: {Describe(traits)}");
            }
        }
        return ExitCode.Success;
    }

    /// <summary>"meta backend; named packet_id; integer keys 5".</summary>
    private static string Describe(AttachmentTraits traits)
    {
        var parts = new List<string> { $"{traits.Backend} backend" };
        if (traits.Names.Count > 0)
            parts.Add("named " + string.Join(", ", traits.Names));
        if (traits.Keys.Count > 0)
            parts.Add($"integer key{(traits.Keys.Count == 1 ? "" : "s")} {string.Join(", ", traits.Keys)}");
        return string.Join("; ", parts);
    }
}
