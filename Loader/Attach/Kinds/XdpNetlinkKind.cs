using Microsoft.Extensions.Logging;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Pins;

namespace TraitsBpf.Loader.Attach.Kinds;

/// <summary>
/// XDP set over netlink (<c>bpf_xdp_attach</c>), for kernels without XDP links: the interface
/// holds the program, so replace and detach name the program expected to be there.
/// </summary>
internal sealed class XdpNetlinkKind : IAttachKind
{
    public AttachMethod Method => AttachMethod.XdpNetlink;

    public string Name => "netlink";

    public bool Exclusive => true;

    public bool HasFilter => false;

    public bool Serves(AttachHook hook, KernelFeatures features) => hook == AttachHook.Xdp;

    public KernelAttachment Attach(int programFd, AttachTarget target, int ifindex, Rollback rollback, AttachJournal journal)
    {
        var iface = target.Interface;
        XdpHook.AttachNetlink(programFd, ifindex, target.XdpMode, iface);
        rollback.Add($"detach XDP from {iface}", () => XdpHook.DetachNetlink(ifindex, programFd, target.XdpMode, iface));
        return new KernelAttachment(Method, 0, 0, false, null);
    }

    public KernelAttachment Replace(AttachmentRecord existing, int programFd, PinLayout layout, Rollback rollback)
    {
        var iface = existing.Interface;
        var ifindex = existing.InterfaceIndex;
        var mode = existing.XdpMode ?? XdpMode.Native;
        // The old program's descriptor stays open until the attach ends so that the undo can swap it back.
        var oldProgram = rollback.Own(layout.OpenProgram(existing.Name));
        XdpHook.ReplaceNetlink(ifindex, programFd, oldProgram.Fd, mode, iface);
        rollback.Add($"restore the old XDP program on {iface}", () => XdpHook.ReplaceNetlink(ifindex, oldProgram.Fd, programFd, mode, iface));
        return new KernelAttachment(Method, 0, 0, false, null);
    }

    public string? Abandon(AttachmentRecord intent, string stagingEntry, PinLayout layout)
    {
        var mode = intent.XdpMode ?? XdpMode.Native;
        using var program = KernelPrograms.Open(intent.ProgramId);
        if (program is null || NetworkInterfaces.NameOf(intent.InterfaceIndex) is null
            || XdpHook.AttachedProgramId(intent.InterfaceIndex, mode) != intent.ProgramId)
            return null;
        if (intent.ReplacesProgramId == 0)
        {
            XdpHook.DetachNetlink(intent.InterfaceIndex, program.Fd, mode, intent.Interface);
            return $"detached program {intent.ProgramId} from {intent.Interface}";
        }
        using var oldProgram = layout.OpenProgram(intent.Name);
        XdpHook.ReplaceNetlink(intent.InterfaceIndex, oldProgram.Fd, program.Fd, mode, intent.Interface);
        return $"put program {intent.ReplacesProgramId} back on {intent.Interface} in place of {intent.ProgramId}";
    }

    public void Detach(AttachmentRecord record, AttachmentCatalog catalog, ILogger logger)
    {
        using var program = catalog.Layout.OpenProgram(record.Name);
        if (!XdpHook.DetachNetlink(record.InterfaceIndex, program.Fd, record.XdpMode ?? XdpMode.Native, record.Interface))
            logger.LogWarning("the XDP program on {Interface} is no longer traitsbpf's; leaving it in place", record.Interface);
    }

    public AttachmentState State(AttachmentRecord record, PinLayout layout) =>
        NetworkInterfaces.NameOf(record.InterfaceIndex) is null ? AttachmentState.InterfaceGone
        : XdpHook.AttachedProgramId(record.InterfaceIndex, record.XdpMode ?? XdpMode.Native) == record.ProgramId ? AttachmentState.Active
        : AttachmentState.Displaced;

    public AttachmentState? StateElsewhere(AttachmentRecord record, PinLayout layout) => null;

    public string Describe(AttachmentRecord record, string methodSeparator) =>
        $"{record.XdpMode?.ToString().ToLowerInvariant()}{methodSeparator}{Name}";
}
