using TraitsBpf.Loader.Interop;
using TraitsBpf.Loader.Kernel;

namespace TraitsBpf.Loader.Attach.Kinds;

/// <summary>XDP through a pinned bpf_link (Linux 5.9+): the link holds the attachment, and detaching the link ends it.</summary>
internal sealed class XdpLinkKind : LinkAttachKind
{
    public override AttachMethod Method => AttachMethod.XdpLink;

    public override string Name => "bpf_link";

    public override bool Exclusive => true;

    protected override string LinkName => "XDP link";

    public override bool Serves(AttachHook hook, KernelFeatures features) => hook == AttachHook.Xdp && features.XdpLinks;

    public override string Describe(AttachmentRecord record, string methodSeparator) =>
        $"{record.XdpMode?.ToString().ToLowerInvariant()}{methodSeparator}{Name}";

    protected override FileDescriptorHandle CreateLink(int programFd, AttachTarget target, int ifindex) =>
        XdpHook.AttachLink(programFd, ifindex, target.XdpMode, target.Interface);
}
