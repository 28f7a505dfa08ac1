using Microsoft.Extensions.Logging;
using TraitsBpf.Loader.Interop;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Pins;

namespace TraitsBpf.Loader.Attach.Kinds;

/// <summary>
/// A tracing program (tp_btf, raw_tp, kprobe, kretprobe, fentry, fexit) held by a pinned link. The link is the
/// attachment and is host-wide, so its state is read from its pin in any network namespace. The kernel can neither
/// detach nor update such a link: it ends when its last reference goes, so detaching removes the pin (and waits
/// until the kernel has released the link), and a replace is refused.
/// </summary>
internal sealed class TracingLinkKind : IAttachKind
{
    private static readonly TimeSpan ReleaseWait = TimeSpan.FromSeconds(5);

    public AttachMethod Method => AttachMethod.TracingLink;

    public string Name => "tracing_link";

    public bool Exclusive => false;

    public bool HasFilter => false;

    public bool Serves(AttachHook hook, KernelFeatures features) => hook == AttachHook.Trace;

    public KernelAttachment Attach(int programFd, AttachTarget target, int ifindex, Rollback rollback, AttachJournal journal)
    {
        // Closing an unpinned link ends the attachment: owning it is the whole undo.
        var link = rollback.Own(TracingHook.AttachLink(programFd, target.Interface));
        return new KernelAttachment(Method, 0, 0, false, link);
    }

    public KernelAttachment Replace(AttachmentRecord existing, int programFd, PinLayout layout, Rollback rollback) =>
        throw new LoaderException(LoaderErrorKind.InvalidArgument,
            $"attachment '{existing.Name}' is a tracing link, whose program the kernel cannot swap; detach it and load again");

    public string? Abandon(AttachmentRecord intent, string stagingEntry, PinLayout layout)
    {
        // The staged pin is the only reference a dead attach can have left; removing it releases the link.
        var pin = layout.Entry(stagingEntry, PinLayout.LinkPin);
        if (!File.Exists(pin))
            return null;
        Release(pin, "the stale tracing link");
        return $"released the tracing link it had made on {intent.Interface}";
    }

    public void Detach(AttachmentRecord record, AttachmentCatalog catalog, ILogger logger) =>
        Release(catalog.Layout.Entry(record.Name, PinLayout.LinkPin), $"the tracing link of '{record.Name}'");

    public AttachmentState State(AttachmentRecord record, PinLayout layout)
    {
        if (!File.Exists(layout.Entry(record.Name, PinLayout.LinkPin)))
            return AttachmentState.Displaced;
        using var link = layout.OpenLink(record.Name);
        return BpfLinks.Info(link.Fd, $"the tracing link of '{record.Name}'").prog_id == record.ProgramId ? AttachmentState.Active : AttachmentState.Displaced;
    }

    public AttachmentState? StateElsewhere(AttachmentRecord record, PinLayout layout) => State(record, layout);

    public string Describe(AttachmentRecord record, string methodSeparator) => $"{Name} id {record.LinkId}";

    /// <summary>
    /// Removes the link's pin and waits until the kernel has freed the link, which it does from a work queue once the
    /// last reference goes: when this returns, the program no longer runs there.
    /// </summary>
    private static void Release(string pin, string what)
    {
        if (!File.Exists(pin))
            return;
        uint id;
        using (var link = PinnedDescriptor.Open(pin, what))
            id = BpfLinks.Info(link.Fd, what).id;
        File.Delete(pin);
        var deadline = DateTime.UtcNow + ReleaseWait;
        while (LinkExists(id))
        {
            if (DateTime.UtcNow > deadline)
                throw new LoaderException(LoaderErrorKind.Failed,
                    $"{what} (id {id}) still exists {ReleaseWait.TotalSeconds:0} s after its pin was removed: another process holds it open");
            Thread.Sleep(10);
        }
    }

    private static bool LinkExists(uint linkId)
    {
        if (linkId == 0)
            return false;
        var fd = Native.bpf_link_get_fd_by_id(linkId);
        if (fd < 0)
            return false;
        LibC.close(fd);
        return true;
    }
}
