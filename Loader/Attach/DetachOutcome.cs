namespace TraitsBpf.Loader.Attach;

/// <summary>What <c>detach</c> did for one attachment.</summary>
/// <param name="Record">The attachment's record, now removed with its pins.</param>
/// <param name="Before">Its state before: <see cref="AttachmentState.Active"/> when the kernel ran the program and now does not.</param>
/// <param name="Interface">The interface's name at detach time (the record's when it is gone).</param>
public sealed record DetachOutcome(AttachmentRecord Record, AttachmentState Before, string Interface)
{
    /// <summary>One line for the user that says what happened to the program.</summary>
    public string Describe()
    {
        var r = Record;
        var renamed = Interface == r.Interface ? "" : $" (attached as {r.Interface})";
        return Before switch
        {
            AttachmentState.Active => $"detached '{r.Name}' (program '{r.Program}' id {r.ProgramId}) from {Interface}{renamed}",
            AttachmentState.Displaced => $"removed '{r.Name}': its program '{r.Program}' id {r.ProgramId} no longer ran on {Interface}{renamed} (something else replaced or removed it)",
            AttachmentState.InterfaceGone when r.Hook == AttachHook.Cgroup => $"removed '{r.Name}': cgroup {r.Interface} (id {r.CgroupId}) is gone, and the kernel released program '{r.Program}' id {r.ProgramId} with it",
            AttachmentState.InterfaceGone => $"removed '{r.Name}': interface {r.Interface} (ifindex {r.InterfaceIndex}) is gone, and the kernel released program '{r.Program}' id {r.ProgramId} with it",
            AttachmentState.NamespaceGone => $"removed '{r.Name}': its network namespace (inode {r.NetworkNamespace}) is gone, and the kernel released program '{r.Program}' id {r.ProgramId} with it",
            _ => $"removed '{r.Name}'",
        };
    }
}
