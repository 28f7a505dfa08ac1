using TraitsBpf.Loader.Interop;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Pins;

namespace TraitsBpf.Loader.Attach.Kinds;

/// <summary>
/// A cgroup socket-address program held by a pinned cgroup link. The link is the attachment: it runs beside other
/// programs on the cgroup's hook, is owned by its id, and reports the id of its cgroup, which is how a record is
/// matched to the kernel (a cgroup removed, or made again at the same path, is not the recorded one). Cgroups are
/// host-wide, so the state is read from the link's pin in any network namespace.
/// </summary>
internal sealed class CgroupLinkKind : LinkAttachKind
{
    public override AttachMethod Method => AttachMethod.CgroupLink;

    public override string Name => "cgroup_link";

    public override bool Exclusive => false;

    protected override string LinkName => "cgroup link";

    public override bool Serves(AttachHook hook, KernelFeatures features) => hook == AttachHook.Cgroup;

    public override string Describe(AttachmentRecord record, string methodSeparator) => $"{Name} id {record.LinkId}";

    public override AttachmentState? StateElsewhere(AttachmentRecord record, PinLayout layout) =>
        File.Exists(layout.Entry(record.Name, PinLayout.LinkPin)) ? State(record, layout) : null;

    protected override bool IsAttached(BpfLinkInfo info) => info.CgroupId != 0;

    // A write-ahead intent has no cgroup id yet: its link is matched by the program it runs.
    protected override bool IsWhereRecorded(BpfLinkInfo info, AttachmentRecord record) =>
        info.CgroupId != 0 && (record.CgroupId == 0 || info.CgroupId == record.CgroupId);

    protected override FileDescriptorHandle CreateLink(int programFd, AttachTarget target, int ifindex) =>
        CgroupHooks.AttachLink(programFd, target.Interface,
            target.CgroupHook ?? throw new InvalidOperationException("a cgroup target's hook is set once its program is chosen"));
}
