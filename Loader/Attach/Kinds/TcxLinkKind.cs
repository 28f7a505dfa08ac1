using Microsoft.Extensions.Logging;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Pins;

namespace TraitsBpf.Loader.Attach.Kinds;

/// <summary>
/// TC ingress or egress through a pinned tcx link (Linux 6.6+). The link is the attachment: it is
/// owned by its id, not found by a handle and priority another tool could reuse; it coexists with
/// other tcx users and with clsact filters; and one that is never pinned ends with the process that
/// made it, so a crash leaves nothing attached to sweep.
/// </summary>
internal sealed class TcxLinkKind : IAttachKind
{
    public AttachMethod Method => AttachMethod.TcxLink;

    public string Name => "tcx_link";

    public bool Exclusive => false;

    public bool HasFilter => false;

    public bool Serves(AttachHook hook, KernelFeatures features) => features.TcxLinks && hook is AttachHook.TcIngress or AttachHook.TcEgress;

    public KernelAttachment Attach(int programFd, AttachTarget target, int ifindex, Rollback rollback)
    {
        var what = $"the tcx link on {target.Interface}";
        var link = rollback.Own(TcxHook.AttachLink(programFd, ifindex, target.Hook, target.Interface));
        // Closing the link would end the attachment too, but only once every pin of it is gone; detaching ends it now.
        rollback.Add($"detach {what}", () => BpfLinks.Detach(link.Fd, what));
        return new KernelAttachment(Method, 0, 0, false, link);
    }

    public KernelAttachment Replace(AttachmentRecord existing, int programFd, PinLayout layout, Rollback rollback)
    {
        var what = $"the tcx link on {existing.Interface}";
        var oldProgram = rollback.Own(layout.OpenProgram(existing.Name));
        var link = rollback.Own(layout.OpenLink(existing.Name));
        BpfLinks.Update(link.Fd, programFd, oldProgram.Fd, what);
        rollback.Add($"restore the old TC program on {existing.Interface}", () => BpfLinks.Update(link.Fd, oldProgram.Fd, programFd, what));
        return new KernelAttachment(Method, 0, 0, false, link);
    }

    public void Detach(AttachmentRecord record, AttachmentCatalog catalog, ILogger logger)
    {
        using var link = catalog.Layout.OpenLink(record.Name);
        BpfLinks.Detach(link.Fd, $"the tcx link of '{record.Name}'");
    }

    public AttachmentState State(AttachmentRecord record, PinLayout layout)
    {
        using var link = layout.OpenLink(record.Name);
        var info = BpfLinks.Info(link.Fd, $"the tcx link of '{record.Name}'");
        // A link whose interface was deleted stays pinned but reports ifindex 0; only a replace through it changes its program.
        if (info.Ifindex != record.InterfaceIndex)
            return AttachmentState.InterfaceGone;
        return info.prog_id == record.ProgramId ? AttachmentState.Active : AttachmentState.Displaced;
    }

    public string Describe(AttachmentRecord record, string methodSeparator) => $"{Name} id {record.LinkId}";
}
