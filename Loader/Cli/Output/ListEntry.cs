using TraitsBpf.Loader.Attach;

namespace TraitsBpf.Cli.Output;

/// <summary>One attachment as <c>list --json</c> prints it.</summary>
public sealed record ListEntry(
    string Name,
    string Interface,
    string? CurrentInterface,
    int InterfaceIndex,
    ulong NetworkNamespace,
    ulong NetworkNamespaceCookie,
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
    AttachmentTraits? Traits,
    uint? XdpPriority = null,
    uint? DispatcherId = null,
    IReadOnlyList<HookProgramEntry>? DispatcherPrograms = null,
    IReadOnlyList<HookProgramEntry>? TcxOrder = null)
{
    /// <summary>Flattens a status for printing.</summary>
    public static ListEntry From(AttachmentStatus status) => From(status, [status]);

    /// <summary>Flattens a status for printing; <paramref name="all"/> tells which programs of a shared hook are traitsbpf's.</summary>
    public static ListEntry From(AttachmentStatus status, IReadOnlyList<AttachmentStatus> all)
    {
        ArgumentNullException.ThrowIfNull(status);
        var r = status.Record;
        var tc = AttachmentDescription.HasFilter(r.Method);
        return new ListEntry(r.Name, r.Interface, status.CurrentInterface, r.InterfaceIndex, r.NetworkNamespace, r.NetworkNamespaceCookie, AttachTarget.NameOf(r), r.XdpMode?.ToString().ToLowerInvariant(),
            AttachmentDescription.MethodName(r.Method),
            tc ? r.TcHandle : null, tc ? r.TcPriority : null, r.LinkId != 0 ? r.LinkId : null, r.Program, r.ProgramId, r.Source, StateName(status.State, r.Hook),
            status.PinDirectory, status.Pins, r.AttachedAt, r.Traits, r.XdpPriority, status.Dispatcher?.Id,
            status.Dispatcher?.Programs.Select(p => HookProgramEntry.From(p, all)).ToList(),
            status.TcxOrder?.Select(p => HookProgramEntry.From(p, all)).ToList());
    }

    /// <summary>active, interface-gone (cgroup-gone for a cgroup's <paramref name="hook"/>), displaced, other-netns, netns-gone or interrupted.</summary>
    public static string StateName(AttachmentState state, AttachHook hook) => state switch
    {
        AttachmentState.Active => "active",
        AttachmentState.InterfaceGone => hook == AttachHook.Cgroup ? "cgroup-gone" : "interface-gone",
        AttachmentState.Displaced => "displaced",
        AttachmentState.NamespaceGone => "netns-gone",
        AttachmentState.Interrupted => "interrupted",
        _ => "other-netns",
    };
}
