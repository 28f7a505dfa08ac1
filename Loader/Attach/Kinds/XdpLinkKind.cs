using Microsoft.Extensions.Logging;
using TraitsBpf.Loader.Interop;
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

    public KernelAttachment Attach(int programFd, AttachTarget target, int ifindex, Rollback rollback, AttachJournal journal)
    {
        var link = rollback.Own(XdpHook.AttachLink(programFd, ifindex, target.XdpMode, target.Interface));
        // Closing the link would end the attachment too, but only once every pin of it is gone; detaching ends it now.
        rollback.Add($"detach the XDP link on {target.Interface}", () => XdpHook.DetachLink(link.Fd));
        return new KernelAttachment(Method, 0, 0, false, link);
    }

    public KernelAttachment Replace(AttachmentRecord existing, int programFd, PinLayout layout, Rollback rollback)
    {
        var iface = existing.Interface;
        var oldProgram = rollback.Own(layout.OpenProgram(existing.Name));
        var link = rollback.Own(layout.OpenLink(existing.Name));
        XdpHook.ReplaceLink(link.Fd, programFd, oldProgram.Fd, iface);
        rollback.Add($"restore the old XDP program on {iface}", () => XdpHook.ReplaceLink(link.Fd, oldProgram.Fd, programFd, iface));
        return new KernelAttachment(Method, 0, 0, false, link);
    }

    public string? Abandon(AttachmentRecord intent, string stagingEntry, PinLayout layout)
    {
        if (intent.ReplacesProgramId == 0)
        {
            // A link not pinned yet ended with the process that made it; a pinned one outlives it.
            var pin = layout.Entry(stagingEntry, PinLayout.LinkPin);
            if (!File.Exists(pin))
                return null;
            using var staged = PinnedDescriptor.Open(pin, "a stale XDP link");
            if (Info(staged.Fd, intent.Name).Ifindex == 0)
                return null;
            XdpHook.DetachLink(staged.Fd);
            return $"detached the XDP link it had made on {intent.Interface}";
        }

        using var newProgram = KernelPrograms.Open(intent.ProgramId);
        using var link = layout.OpenLink(intent.Name);
        if (newProgram is null || Info(link.Fd, intent.Name).ProgramId != intent.ProgramId)
            return null;
        using var oldProgram = layout.OpenProgram(intent.Name);
        XdpHook.ReplaceLink(link.Fd, oldProgram.Fd, newProgram.Fd, intent.Interface);
        return $"put program {intent.ReplacesProgramId} back on the XDP link of '{intent.Name}' in place of {intent.ProgramId}";
    }

    public void Detach(AttachmentRecord record, AttachmentCatalog catalog, ILogger logger)
    {
        using var link = catalog.Layout.OpenLink(record.Name);
        XdpHook.DetachLink(link.Fd);
    }

    public AttachmentState State(AttachmentRecord record, PinLayout layout)
    {
        using var link = layout.OpenLink(record.Name);
        // A link whose interface went away stays pinned but reports ifindex 0.
        return LinkIfindex(link.Fd, record.Name) == record.InterfaceIndex ? AttachmentState.Active : AttachmentState.InterfaceGone;
    }

    public AttachmentState? StateElsewhere(AttachmentRecord record, PinLayout layout)
    {
        using var link = layout.OpenLink(record.Name);
        return LinkIfindex(link.Fd, record.Name) == 0 ? AttachmentState.InterfaceGone : null;
    }

    public string Describe(AttachmentRecord record, string methodSeparator) =>
        $"{record.XdpMode?.ToString().ToLowerInvariant()}{methodSeparator}{Name}";

    private static int LinkIfindex(int fd, string name) => Info(fd, name).Ifindex;

    private static unsafe (int Ifindex, uint ProgramId) Info(int fd, string name)
    {
        var info = ObjectInfo.Read(fd, new BpfLinkInfo(), $"the XDP link of '{name}'");
        return ((int)(uint)info.target_union[0], info.prog_id);
    }
}
