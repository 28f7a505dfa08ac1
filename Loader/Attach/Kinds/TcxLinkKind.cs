using TraitsBpf.Loader.Interop;
using TraitsBpf.Loader.Kernel;

namespace TraitsBpf.Loader.Attach.Kinds;

/// <summary>
/// TC ingress or egress through a pinned tcx link (Linux 6.6+). The link is the attachment: it is
/// owned by its id, not found by a handle and priority another tool could reuse; it coexists with
/// other tcx users and with clsact filters; and one that is never pinned ends with the process that
/// made it, so a crash leaves nothing attached to sweep.
/// </summary>
internal sealed class TcxLinkKind : LinkAttachKind
{
    public override AttachMethod Method => AttachMethod.TcxLink;

    public override string Name => "tcx_link";

    public override bool Exclusive => false;

    protected override string LinkName => "tcx link";

    public override bool Serves(AttachHook hook, KernelFeatures features) => features.TcxLinks && hook is AttachHook.TcIngress or AttachHook.TcEgress;

    public override string Describe(AttachmentRecord record, string methodSeparator) => $"{Name} id {record.LinkId}";

    protected override FileDescriptorHandle CreateLink(int programFd, AttachTarget target, int ifindex) =>
        TcxHook.AttachLink(programFd, ifindex, target.Hook, target.Interface, target.TcxPlacement);
}
