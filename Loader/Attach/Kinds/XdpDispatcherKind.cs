using Microsoft.Extensions.Logging;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Pins;

namespace TraitsBpf.Loader.Attach.Kinds;

/// <summary>
/// A member of libxdp's XDP dispatcher, which another tool (xdp-loader, any libxdp user) put on the interface: the
/// program was loaded as an extension of the dispatcher's slot (see <see cref="XdpHookSharing"/>), and libxdp adds it
/// to, and takes it out of, the dispatcher, which keeps running the other members throughout. The program id identifies
/// the member; libxdp holds the link. Never chosen for a free hook: a program alone on a hook takes it itself.
/// </summary>
internal sealed class XdpDispatcherKind : IAttachKind
{
    public AttachMethod Method => AttachMethod.XdpDispatcher;

    public string Name => "xdp_dispatcher";

    public bool Exclusive => false;

    public bool HasFilter => false;

    public bool Serves(AttachHook hook, KernelFeatures features) => false;

    public KernelAttachment Attach(int programFd, AttachTarget target, int ifindex, Rollback rollback, AttachJournal journal)
    {
        var iface = target.Interface;
        var programId = ProgramInfoReader.Read(programFd, "the program").Id;
        XdpDispatcher.Join(programFd, ifindex, target.XdpMode, iface);
        rollback.Add($"take program {programId} out of libxdp's dispatcher on {iface}", () => XdpDispatcher.Leave(programId, ifindex, iface));
        return new KernelAttachment(Method, 0, 0, false, null);
    }

    public KernelAttachment Replace(AttachmentRecord existing, int programFd, PinLayout layout, Rollback rollback) =>
        throw new LoaderException(LoaderErrorKind.Unsupported,
            $"'{existing.Name}' is a member of libxdp's XDP dispatcher on {existing.Interface}, where libxdp offers no atomic swap of one member; detach it and load the new program instead of --replace");

    public string? Abandon(AttachmentRecord intent, string stagingEntry, PinLayout layout)
    {
        if (NetworkInterfaces.NameOf(intent.InterfaceIndex) is null || !XdpDispatcher.Leave(intent.ProgramId, intent.InterfaceIndex, intent.Interface))
            return null;
        return $"took program {intent.ProgramId} out of libxdp's XDP dispatcher on {intent.Interface}";
    }

    public void Detach(AttachmentRecord record, AttachmentCatalog catalog, ILogger logger)
    {
        if (!XdpDispatcher.Leave(record.ProgramId, record.InterfaceIndex, record.Interface))
            logger.LogWarning("program {Program} is no longer in libxdp's XDP dispatcher on {Interface}; nothing to take out", record.ProgramId, record.Interface);
    }

    public AttachmentState State(AttachmentRecord record, PinLayout layout) =>
        NetworkInterfaces.NameOf(record.InterfaceIndex) is null ? AttachmentState.InterfaceGone
        : XdpDispatcher.Find(record.InterfaceIndex) is { } dispatcher && dispatcher.Programs.Any(p => p.Id == record.ProgramId) ? AttachmentState.Active
        : AttachmentState.Displaced;

    public AttachmentState? StateElsewhere(AttachmentRecord record, PinLayout layout) => null;

    public string Describe(AttachmentRecord record, string methodSeparator) =>
        $"{record.XdpMode?.ToString().ToLowerInvariant()}{methodSeparator}{Name}, priority {record.XdpPriority ?? XdpDispatcher.DefaultPriority}";
}
