using System.Text.Json;
using TraitsBpf.Cli.Output;
using TraitsBpf.Loader;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Object;

namespace TraitsBpf.Cli.Verbs;

/// <summary>Reads an attachment's pinned maps.</summary>
public sealed class MapsCommand : CliCommand<MapsOptions>
{
    /// <inheritdoc/>
    protected override ExitCode Execute(MapsOptions options, CliContext context)
    {
        Capabilities.Require("traitsbpf maps", bpf: true, netAdmin: false);
        var maps = context.Attachments.OpenMaps(options.Name);
        try
        {
            var selected = options.Map is null ? maps : maps.Where(m => m.Name == options.Map).ToList();
            if (selected.Count == 0)
                throw new LoaderException(LoaderErrorKind.MapNotFound,
                    $"attachment '{options.Name}' has no map named '{options.Map}'; its maps are: {string.Join(", ", maps.Select(m => m.Name))}");
            var dumps = selected.Select(MapDump.Read).ToList();
            if (options.Json)
                context.Out.WriteLine(JsonSerializer.Serialize(dumps, CliJsonContext.Default.ListMapDump));
            else
                dumps.ForEach(d => Print(d, context.Out));
            return ExitCode.Success;
        }
        finally
        {
            foreach (var map in maps)
                map.Dispose();
        }
    }

    private static void Print(MapDump dump, TextWriter output)
    {
        if (dump.Positions is { } positions)
        {
            string unread = dump.Type == nameof(BpfMapType.UserRingBuffer) ? "written by user space and not yet drained" : "submitted and not yet read by user space";
            output.WriteLine($"{dump.Name} ({dump.Type}, {dump.MaxEntries} bytes; {positions.Unconsumed} bytes {unread}: producer at {positions.Producer}, consumer at {positions.Consumer})");
            return;
        }

        if (Enum.TryParse<BpfMapType>(dump.Type, out var type) && MapDump.Unreadable(type) is { } why)
        {
            output.WriteLine($"{dump.Name} ({dump.Type}, value {dump.ValueSize} B, {dump.MaxEntries} entries at most; {why})");
            return;
        }

        output.WriteLine($"{dump.Name} ({dump.Type}, key {dump.KeySize} B, value {dump.ValueSize} B, {dump.Entries.Count}/{dump.MaxEntries} entries)");
        foreach (var entry in dump.Entries)
        {
            var key = entry.KeyInt?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? (entry.Key.Length == 0 ? "next" : entry.Key);
            var value = entry.InnerMap is { } inner ? $"map {entry.ValueInt} ({inner})"
                : entry.ProgramId is { } programId ? $"{entry.ValueInt}, program {programId} ({entry.Program ?? "gone"})"
                : entry.ValueInt?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? entry.Value;
            var perCpu = entry.PerCpu is null ? "" : $"  (per CPU: {string.Join(" ", entry.PerCpu.Select(v => Hex.Readable(Convert.FromHexString(v))))})";
            output.WriteLine($"  {key}: {value}{perCpu}");
        }
    }
}
