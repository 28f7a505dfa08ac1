using System.Net.Sockets;
using TraitsBpf.Loader.Interop;
using TraitsBpf.Loader.Kernel;

namespace TraitsBpf.Loader.Attach;

/// <summary>
/// Attachments a process owns through a link descriptor and nothing else (no pins, no record): what a service that
/// loads its own programs wants, since they end with the process. Only link-based hooks qualify, so XDP needs XDP links
/// (Linux 5.9) and TC tcx links (6.6); the netlink and clsact ways outlive the process and would need the CLI's record.
/// </summary>
internal static class ProcessAttach
{
    private const int SolSocket = 1;
    private const int SoAttachBpf = 50;
    private const int SoDetachBpf = 27;

    public static ProgramAttachment Xdp(BpfProgram program, string iface, XdpMode mode)
    {
        Expect(program, BpfProgramType.Xdp, "XDP");
        if (XdpMapSlots.AttachRefusal(program) is { } refusal)
            throw new LoaderException(LoaderErrorKind.InvalidArgument, refusal);
        if (!KernelFeatures.Current.XdpLinks)
            throw new LoaderException(LoaderErrorKind.Unsupported,
                $"this kernel has no XDP links (Linux 5.9), which an attachment owned by this process needs; attach '{program.Name}' with traitsbpf load instead");
        var ifindex = NetworkInterfaces.IndexOf(iface);
        var link = XdpHook.AttachLink(program.Fd, ifindex, mode, iface);
        var what = $"program '{program.Name}' at XDP ({mode.ToString().ToLowerInvariant()}) on {iface}";
        return new ProgramAttachment(what, link, () => BpfLinks.Detach(link.Fd, what));
    }

    public static ProgramAttachment Tc(BpfProgram program, string iface, AttachHook direction)
    {
        Expect(program, BpfProgramType.SchedCls, "TC");
        if (direction is not (AttachHook.TcIngress or AttachHook.TcEgress))
            throw new ArgumentException($"a TC program attaches at {AttachHook.TcIngress} or {AttachHook.TcEgress}, not {direction}", nameof(direction));
        if (!KernelFeatures.Current.TcxLinks)
            throw new LoaderException(LoaderErrorKind.Unsupported,
                $"this kernel has no tcx links (Linux 6.6), which an attachment owned by this process needs; attach '{program.Name}' with traitsbpf load --tc instead");
        var ifindex = NetworkInterfaces.IndexOf(iface);
        var link = TcxHook.AttachLink(program.Fd, ifindex, direction, iface);
        var what = $"program '{program.Name}' at TC {AttachTarget.NameOf(direction)} on {iface}";
        return new ProgramAttachment(what, link, () => BpfLinks.Detach(link.Fd, what));
    }

    public static ProgramAttachment Tracing(BpfProgram program)
    {
        if (!TracingHook.Attaches(program.SectionName))
            throw new LoaderException(LoaderErrorKind.InvalidArgument,
                $"program '{program.Name}' is in section '{program.SectionName}', which names no tracing hook ({string.Join(", ", TracingHook.Prefixes.Select(p => p + "NAME"))})");
        var link = TracingHook.AttachLink(program.Fd, program.SectionName);
        var what = $"program '{program.Name}' at {program.SectionName}";
        // The kernel cannot detach tracing links (EOPNOTSUPP); closing the last descriptor ends them.
        return new ProgramAttachment(what, link, () => { });
    }

    public static ProgramAttachment SocketFilter(BpfProgram program, Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        Expect(program, BpfProgramType.SocketFilter, "socket filter");
        try
        {
            socket.SetRawSocketOption(SolSocket, SoAttachBpf, BitConverter.GetBytes(program.Fd));
        }
        catch (SocketException e)
        {
            throw new LoaderException(LoaderErrorKind.Failed, $"attaching socket filter '{program.Name}' failed: {e.Message}") { Errno = e.ErrorCode };
        }
        var what = $"program '{program.Name}' as the filter of a socket";
        // The filter ends with the socket; a socket already closed has nothing left to detach.
        return new ProgramAttachment(what, null, () =>
        {
            if (socket.SafeHandle.IsClosed)
                return;
            socket.SetRawSocketOption(SolSocket, SoDetachBpf, BitConverter.GetBytes(0));
        });
    }

    private static void Expect(BpfProgram program, BpfProgramType type, string hook)
    {
        if (program.Type != type)
            throw new LoaderException(LoaderErrorKind.InvalidArgument,
                $"program '{program.Name}' is a {program.Type} program (section '{program.SectionName}'); it cannot attach as {hook}");
    }
}
