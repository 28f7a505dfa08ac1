using TraitsBpf.Loader.Interop;
using TraitsBpf.Loader.Kernel;

namespace TraitsBpf.Loader.Attach;

/// <summary>
/// Decides, before an XDP program is loaded, whether it takes the interface's XDP hook alone or joins libxdp's
/// dispatcher there (and so must be loaded as an extension of the dispatcher's slot), and refuses, touching
/// nothing, when another tool's program holds the hook in a way that cannot be shared.
/// </summary>
internal static class XdpHookSharing
{
    /// <summary>
    /// When another tool's libxdp dispatcher holds <paramref name="target"/>'s XDP hook, makes <paramref name="program"/>
    /// an extension of the dispatcher's slot and returns the dispatcher's descriptor, which must stay open until the
    /// object is loaded. Returns null when the program will take the hook itself: the hook is free, or holds
    /// traitsbpf's own program (which the attach step then reports or replaces).
    /// </summary>
    /// <param name="program">The chosen XDP program, not loaded yet.</param>
    /// <param name="target">The interface and XDP mode.</param>
    /// <param name="isOurs">Whether a program id is one of traitsbpf's attachments.</param>
    /// <exception cref="LoaderException">Another tool's program holds the hook outside a dispatcher, or the dispatcher runs in the other mode.</exception>
    public static FileDescriptorHandle? Prepare(BpfProgram program, AttachTarget target, Func<uint, bool> isOurs)
    {
        var iface = target.Interface;
        var ifindex = NetworkInterfaces.IndexOf(iface);
        var attached = XdpHook.AnyAttachedProgramId(ifindex);
        if (attached == 0 || isOurs(attached))
            return null;
        var holder = KernelPrograms.Open(attached);
        if (holder is null)
            return null;
        try
        {
            var info = ProgramInfoReader.Read(holder.Fd, $"the XDP program on {iface}");
            if (info.Name == XdpDispatcher.ProgramName && XdpDispatcher.Find(ifindex) is { } dispatcher)
            {
                if (dispatcher.Mode != target.XdpMode)
                    throw new LoaderException(LoaderErrorKind.InvalidArgument,
                        $"libxdp's XDP dispatcher on {iface} runs in {Describe(dispatcher.Mode)} mode, so a program joining it must too; pass --xdp-mode {Describe(dispatcher.Mode)}");
                program.ExtendSlot(holder.Fd, XdpDispatcher.SlotFunction, target.XdpPriority ?? XdpDispatcher.DefaultPriority);
                return holder;
            }

            var refusal = FreplaceSupport.RefusalErrno;
            if (refusal != 0)
                throw new LoaderException(LoaderErrorKind.Unsupported,
                    $"interface {iface} already runs another tool's XDP program '{info.Name}' (id {info.Id}), and this kernel refuses freplace programs (BPF_PROG_TYPE_EXT: {Errno.Describe(-refusal)}), which sharing an XDP hook through libxdp's dispatcher needs") { Errno = refusal };
            throw new LoaderException(LoaderErrorKind.AlreadyAttached,
                $"interface {iface} already runs another tool's XDP program '{info.Name}' (id {info.Id}) outside libxdp's dispatcher, so traitsbpf cannot share the hook with it; load that program with xdp-loader (libxdp) to share the hook, or remove it");
        }
        catch
        {
            holder.Dispose();
            throw;
        }
    }

    private static string Describe(XdpMode mode) => mode.ToString().ToLowerInvariant();
}
