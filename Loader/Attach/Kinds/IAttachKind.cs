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

    /// <summary>Attaches <paramref name="programFd"/> at <paramref name="target"/>, registering the undo with <paramref name="rollback"/>.</summary>
    KernelAttachment Attach(int programFd, AttachTarget target, int ifindex, Rollback rollback);

    /// <summary>Swaps the program of <paramref name="existing"/> for <paramref name="programFd"/> in one step, registering how to swap back.</summary>
    KernelAttachment Replace(AttachmentRecord existing, int programFd, PinLayout layout, Rollback rollback);

    /// <summary>Removes what <paramref name="record"/> attached, leaving alone a hook that something else took over.</summary>
    void Detach(AttachmentRecord record, AttachmentCatalog catalog, ILogger logger);

    /// <summary>Whether the kernel still runs the record's program, for a record of this namespace whose interface exists.</summary>
    AttachmentState State(AttachmentRecord record, PinLayout layout);

    /// <summary>Where and how it is attached, as printed after the hook: "native, bpf_link", "tcx_link id 7" or "handle 0x1 priority 1".</summary>
    string Describe(AttachmentRecord record, string methodSeparator);
}
