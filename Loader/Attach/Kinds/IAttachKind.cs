using Microsoft.Extensions.Logging;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Pins;

namespace TraitsBpf.Loader.Attach.Kinds;

/// <summary>
/// One way the kernel can hold an attachment (an XDP link, XDP over netlink, a tcx link, a
/// clsact filter): how to make it, swap its program, remove it and tell whether it is still
/// there. A record's <see cref="AttachMethod"/> picks its kind once, in <see cref="AttachKinds"/>;
/// nothing else branches on the method.
/// </summary>
internal interface IAttachKind
{
    /// <summary>The method recorded for attachments of this kind.</summary>
    AttachMethod Method { get; }

    /// <summary>The method as <c>load</c> and <c>list</c> print it: bpf_link, netlink, tcx_link or tc_filter.</summary>
    string Name { get; }

    /// <summary>True when the hook holds one program, so a second traitsbpf attachment there must be a replace.</summary>
    bool Exclusive { get; }

    /// <summary>True when the record's TC handle and priority mean something for this kind.</summary>
    bool HasFilter { get; }

    /// <summary>Whether a new attachment at <paramref name="hook"/> is made this way on a kernel with <paramref name="features"/>.</summary>
    bool Serves(AttachHook hook, KernelFeatures features);

    /// <summary>
    /// Attaches <paramref name="programFd"/> at <paramref name="target"/>, registering the undo with <paramref name="rollback"/>
    /// and noting in <paramref name="journal"/> what a recovery after a crash would need to know beyond the intent.
    /// </summary>
    KernelAttachment Attach(int programFd, AttachTarget target, int ifindex, Rollback rollback, AttachJournal journal);

    /// <summary>Swaps the program of <paramref name="existing"/> for <paramref name="programFd"/> in one step, registering how to swap back.</summary>
    KernelAttachment Replace(AttachmentRecord existing, int programFd, PinLayout layout, Rollback rollback);

    /// <summary>
    /// Undoes in the kernel what an attach killed before its record was committed may have done, as its write-ahead
    /// record <paramref name="intent"/> (of this namespace) says, touching only what runs the intent's program:
    /// a new attachment is removed, a replaced program is put back. <paramref name="stagingEntry"/> is the dead attach's
    /// staging directory's entry name. Returns what was undone, or null when the kernel showed nothing to undo.
    /// </summary>
    string? Abandon(AttachmentRecord intent, string stagingEntry, PinLayout layout);

    /// <summary>Removes what <paramref name="record"/> attached, leaving alone a hook that something else took over.</summary>
    void Detach(AttachmentRecord record, AttachmentCatalog catalog, ILogger logger);

    /// <summary>Whether the kernel still runs the record's program where the record says, for a record of this namespace.</summary>
    AttachmentState State(AttachmentRecord record, PinLayout layout);

    /// <summary>What can be told from another namespace of a record made in that one (a link knows when its interface is gone), or null when nothing can.</summary>
    AttachmentState? StateElsewhere(AttachmentRecord record, PinLayout layout);

    /// <summary>Where and how it is attached, as printed after the hook: "native, bpf_link", "tcx_link id 7" or "handle 0x1 priority 1".</summary>
    string Describe(AttachmentRecord record, string methodSeparator);
}
