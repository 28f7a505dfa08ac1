using Microsoft.Extensions.Logging;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Pins;

namespace TraitsBpf.Loader.Attach.Kinds;

/// <summary>XDP through a pinned bpf_link (Linux 5.9+): the link holds the attachment, and detaching the link ends it.</summary>
internal sealed class XdpLinkKind : IAttachKind
{
    public AttachMethod Method => AttachMethod.XdpLink;

    public string Name => "bpf_link";

    public bool Exclusive => true;

    public bool HasFilter => false;

    public bool Serves(AttachHook hook, KernelFeatures features) => hook == AttachHook.Xdp && features.XdpLinks;

    public KernelAttachment Attach(int programFd, AttachTarget target, int ifindex, Rollback rollback)
    {
        var link = rollback.Own(XdpHook.AttachLink(programFd, ifindex, target.XdpMode, target.Interface));
        // Closing the link would end the attachment too, but only once every pin of it is gone; detaching ends it now.
        rollback.Add($"detach the XDP link on {target.Interface}", () => BpfLinks.Detach(link.Fd, $"the XDP link on {target.Interface}"));
        return new KernelAttachment(Method, 0, 0, false, link);
    }

    public KernelAttachment Replace(AttachmentRecord existing, int programFd, PinLayout layout, Rollback rollback)
    {
        var iface = existing.Interface;
        var oldProgram = rollback.Own(layout.OpenProgram(existing.Name));
        var link = rollback.Own(layout.OpenLink(existing.Name));
        BpfLinks.Update(link.Fd, programFd, oldProgram.Fd, $"the XDP link on {iface}");
        rollback.Add($"restore the old XDP program on {iface}", () => BpfLinks.Update(link.Fd, oldProgram.Fd, programFd, $"the XDP link on {iface}"));
        return new KernelAttachment(Method, 0, 0, false, link);
    }

    public void Detach(AttachmentRecord record, AttachmentCatalog catalog, ILogger logger)
    {
        using var link = catalog.Layout.OpenLink(record.Name);
        BpfLinks.Detach(link.Fd, $"the XDP link of '{record.Name}'");
    }

    public AttachmentState State(AttachmentRecord record, PinLayout layout)
    {
        using var link = layout.OpenLink(record.Name);
        // A link whose interface went away stays pinned but reports ifindex 0.
        return BpfLinks.Info(link.Fd, $"the XDP link of '{record.Name}'").Ifindex == record.InterfaceIndex ? AttachmentState.Active : AttachmentState.InterfaceGone;
    }

    public string Describe(AttachmentRecord record, string methodSeparator) =>
        $"{record.XdpMode?.ToString().ToLowerInvariant()}{methodSeparator}{Name}";
}
