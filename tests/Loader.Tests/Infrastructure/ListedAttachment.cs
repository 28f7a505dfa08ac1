using System.Text.Json;
using TraitsBpf.Cli.Output;

namespace TraitsBpf.Loader.Tests.Infrastructure;

/// <summary>What <c>list --json</c> (or the library's listing, flattened the same way) says about one attachment.</summary>
public sealed record ListedAttachment(string Name, string Method, string State, string Program, uint ProgramId, uint? LinkId, uint? TcHandle, uint? TcPriority)
{
    /// <summary>Where the kernel holds it: the link, or the filter's handle and priority; a replace must keep it.</summary>
    public (uint? LinkId, uint? TcHandle, uint? TcPriority) Place => (LinkId, TcHandle, TcPriority);

    public static ListedAttachment From(ListEntry entry) =>
        new(entry.Name, entry.Method, entry.State, entry.Program, entry.ProgramId, entry.LinkId, entry.TcHandle, entry.TcPriority);

    public static ListedAttachment From(JsonElement entry) =>
        new(entry.GetProperty("name").GetString()!, entry.GetProperty("method").GetString()!, entry.GetProperty("state").GetString()!,
            entry.GetProperty("program").GetString()!, entry.GetProperty("programId").GetUInt32(),
            Optional(entry, "linkId"), Optional(entry, "tcHandle"), Optional(entry, "tcPriority"));

    private static uint? Optional(JsonElement entry, string property) =>
        entry.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetUInt32() : null;
}
