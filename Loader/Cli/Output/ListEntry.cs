using TraitsBpf.Loader.Attach;

namespace TraitsBpf.Cli.Output;

/// <summary>One attachment as <c>list --json</c> prints it.</summary>
public sealed record ListEntry(
    string Name,
    string Interface,
    int InterfaceIndex,
    ulong NetworkNamespace,
    string Hook,
    string? XdpMode,
    string Method,
    uint? TcHandle,
    uint? TcPriority,
    uint? LinkId,
    string Program,
    uint ProgramId,
    string Source,
    string State,
    string PinDirectory,
    IReadOnlyList<string> Pins,
    DateTimeOffset AttachedAt,
    AttachmentTraits? Traits)
{
    /// <summary>Flattens a status for printing.</summary>
    public static ListEntry From(AttachmentStatus status)
    {
        var r = status.Record;
        var tc = AttachmentDescription.HasFilter(r.Method);
        return new ListEntry(r.Name, r.Interface, r.InterfaceIndex, r.NetworkNamespace, AttachTarget.NameOf(r.Hook), r.XdpMode?.ToString().ToLowerInvariant(),
            AttachmentDescription.MethodName(r.Method),
            tc ? r.TcHandle : null, tc ? r.TcPriority : null, r.LinkId != 0 ? r.LinkId : null, r.Program, r.ProgramId, r.Source, StateName(status.State),
            status.PinDirectory, status.Pins, r.AttachedAt, r.Traits);
    }

    /// <summary>active, interface-gone, displaced or other-netns.</summary>
    public static string StateName(AttachmentState state) => state switch
    {
        AttachmentState.Active => "active",
        AttachmentState.InterfaceGone => "interface-gone",
        AttachmentState.Displaced => "displaced",
        _ => "other-netns",
    };
}
