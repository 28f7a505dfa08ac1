using Microsoft.Extensions.Logging;
using TraitsBpf.Loader.Interop;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Pins;

namespace TraitsBpf.Loader.Attach.Kinds;

/// <summary>
/// An attachment the kernel holds through a pinned bpf_link (XDP, tcx): the link is the attachment, so
/// replacing is an update of the link with the old program as the expected one, detaching is a detach of
/// the link, and the link's own information says where it is attached and what it runs. The kinds differ
/// only in how the link is made and how the attachment is described.
/// </summary>
internal abstract class LinkAttachKind : IAttachKind
{
    public abstract AttachMethod Method { get; }

    public abstract string Name { get; }

    public abstract bool Exclusive { get; }

    public bool HasFilter => false;

    /// <summary>The link, as errors name it: "XDP link" or "tcx link".</summary>
    protected abstract string LinkName { get; }

    public abstract bool Serves(AttachHook hook, KernelFeatures features);

    public abstract string Describe(AttachmentRecord record, string methodSeparator);

    /// <summary>Whether the link is still attached to something; an interface's link reports ifindex 0 once its interface is gone or it was detached.</summary>
    protected virtual bool IsAttached(BpfLinkInfo info) => info.Ifindex != 0;

    /// <summary>Whether the link is attached where <paramref name="record"/> says: for an interface's link, that interface.</summary>
    protected virtual bool IsWhereRecorded(BpfLinkInfo info, AttachmentRecord record) => info.Ifindex == record.InterfaceIndex;

    /// <summary>Makes the link that attaches <paramref name="programFd"/> at <paramref name="target"/>.</summary>
    protected abstract FileDescriptorHandle CreateLink(int programFd, AttachTarget target, int ifindex);

    public KernelAttachment Attach(int programFd, AttachTarget target, int ifindex, Rollback rollback, AttachJournal journal)
    {
        var what = $"the {LinkName} on {target.Interface}";
        var link = rollback.Own(CreateLink(programFd, target, ifindex));
        // Closing the link would end the attachment too, but only once every pin of it is gone; detaching ends it now.
        rollback.Add($"detach {what}", () => BpfLinks.Detach(link.Fd, what));
        return new KernelAttachment(Method, 0, 0, false, link);
    }

    public KernelAttachment Replace(AttachmentRecord existing, int programFd, PinLayout layout, Rollback rollback)
    {
        var what = $"the {LinkName} on {existing.Interface}";
        var oldProgram = rollback.Own(layout.OpenProgram(existing.Name));
        var link = rollback.Own(layout.OpenLink(existing.Name));
        BpfLinks.Update(link.Fd, programFd, oldProgram.Fd, what);
        rollback.Add($"restore the old program of {what}", () => BpfLinks.Update(link.Fd, oldProgram.Fd, programFd, what));
        return new KernelAttachment(Method, 0, 0, false, link);
    }

    public void Detach(AttachmentRecord record, AttachmentCatalog catalog, ILogger logger)
    {
        using var link = catalog.Layout.OpenLink(record.Name);
        BpfLinks.Detach(link.Fd, $"the {LinkName} of '{record.Name}'");
    }

    public AttachmentState State(AttachmentRecord record, PinLayout layout)
    {
        using var link = layout.OpenLink(record.Name);
        var info = BpfLinks.Info(link.Fd, $"the {LinkName} of '{record.Name}'");
        // A link whose interface was deleted stays pinned but reports ifindex 0; only an update through it changes its program.
        if (!IsWhereRecorded(info, record))
            return AttachmentState.InterfaceGone;
        return info.prog_id == record.ProgramId ? AttachmentState.Active : AttachmentState.Displaced;
    }

    public virtual AttachmentState? StateElsewhere(AttachmentRecord record, PinLayout layout)
    {
        // Without its pin the link cannot be asked; the namespace's fate decides then.
        if (!File.Exists(layout.Entry(record.Name, PinLayout.LinkPin)))
            return null;
        using var link = layout.OpenLink(record.Name);
        return IsAttached(BpfLinks.Info(link.Fd, $"the {LinkName} of '{record.Name}'")) ? null : AttachmentState.InterfaceGone;
    }

    public string? Abandon(AttachmentRecord intent, string stagingEntry, PinLayout layout)
    {
        if (intent.ReplacesProgramId == 0)
        {
            // A link not pinned yet ended with the process that made it; a pinned one outlives it.
            var pin = layout.Entry(stagingEntry, PinLayout.LinkPin);
            if (!File.Exists(pin))
                return null;
            using var staged = PinnedDescriptor.Open(pin, $"a stale {LinkName}");
            if (!IsAttached(BpfLinks.Info(staged.Fd, $"the stale {LinkName}")))
                return null;
            BpfLinks.Detach(staged.Fd, $"the stale {LinkName}");
            return $"detached the {LinkName} it had made on {intent.Interface}";
        }

        // A replace swaps the program of the live attachment's own link: that link stays, and gets its old program back.
        using var newProgram = KernelPrograms.Open(intent.ProgramId);
        using var link = layout.OpenLink(intent.Name);
        var what = $"the {LinkName} of '{intent.Name}'";
        if (newProgram is null || BpfLinks.Info(link.Fd, what).prog_id != intent.ProgramId)
            return null;
        using var oldProgram = layout.OpenProgram(intent.Name);
        BpfLinks.Update(link.Fd, oldProgram.Fd, newProgram.Fd, what);
        return $"put program {intent.ReplacesProgramId} back on {what} in place of {intent.ProgramId}";
    }
}
