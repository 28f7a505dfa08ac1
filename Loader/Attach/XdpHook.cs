using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader.Attach;

/// <summary>XDP attach, replace and detach over netlink, and making XDP links (which <see cref="BpfLinks"/> replaces and detaches).</summary>
internal static unsafe class XdpHook
{
    private const int AttachTypeXdp = 37;
    private const uint FlagUpdateIfNoExist = 1;
    private const uint FlagSkbMode = 2;
    private const uint FlagDriverMode = 4;
    private const uint FlagReplace = 16;

    public static uint ModeFlag(XdpMode mode) => mode == XdpMode.Native ? FlagDriverMode : FlagSkbMode;

    /// <summary>Attaches through a new XDP link; the returned descriptor holds the attachment until it is pinned or closed.</summary>
    public static FileDescriptorHandle AttachLink(int programFd, int ifindex, XdpMode mode, string iface)
    {
        var opts = new BpfLinkCreateOpts { sz = (nuint)sizeof(BpfLinkCreateOpts), flags = ModeFlag(mode) };
        var fd = Native.bpf_link_create(programFd, ifindex, AttachTypeXdp, &opts);
        if (fd < 0)
            throw Failure(fd, ifindex, mode, iface);
        return new FileDescriptorHandle(fd);
    }

    /// <summary>Attaches over netlink, refusing to displace a program that is already there.</summary>
    public static void AttachNetlink(int programFd, int ifindex, XdpMode mode, string iface)
    {
        var opts = new BpfXdpAttachOpts { sz = (nuint)sizeof(BpfXdpAttachOpts) };
        var rc = Native.bpf_xdp_attach(ifindex, programFd, ModeFlag(mode) | FlagUpdateIfNoExist, &opts);
        if (rc < 0)
            throw Failure(rc, ifindex, mode, iface);
    }

    /// <summary>Swaps the netlink-attached program, only if <paramref name="oldProgramFd"/>'s program is the one attached.</summary>
    public static void ReplaceNetlink(int ifindex, int newProgramFd, int oldProgramFd, XdpMode mode, string iface)
    {
        var opts = new BpfXdpAttachOpts { sz = (nuint)sizeof(BpfXdpAttachOpts), old_prog_fd = oldProgramFd };
        var rc = Native.bpf_xdp_attach(ifindex, newProgramFd, ModeFlag(mode) | FlagReplace, &opts);
        if (rc < 0)
            throw new LoaderException(LoaderErrorKind.Failed, $"replacing the XDP program on {iface} failed: {Errno.Describe(rc)}") { Errno = -rc };
    }

    /// <summary>Removes the netlink-attached program only if it is still ours; false when something else replaced it.</summary>
    public static bool DetachNetlink(int ifindex, int programFd, XdpMode mode, string iface)
    {
        var opts = new BpfXdpAttachOpts { sz = (nuint)sizeof(BpfXdpAttachOpts), old_prog_fd = programFd };
        var rc = Native.bpf_xdp_detach(ifindex, ModeFlag(mode) | FlagReplace, &opts);
        if (rc == -Errno.EEXIST)
            return false;
        if (rc < 0)
            throw new LoaderException(LoaderErrorKind.Failed, $"detaching the XDP program from {iface} failed: {Errno.Describe(rc)}") { Errno = -rc };
        return true;
    }

    /// <summary>The id of the program attached in <paramref name="mode"/>, or 0.</summary>
    public static uint AttachedProgramId(int ifindex, XdpMode mode)
    {
        var query = Query(ifindex);
        return mode == XdpMode.Native ? query.drv_prog_id : query.skb_prog_id;
    }

    /// <summary>The id of any XDP program on the interface (native, generic or offloaded), or 0.</summary>
    public static uint AnyAttachedProgramId(int ifindex)
    {
        var query = Query(ifindex);
        return query.prog_id != 0 ? query.prog_id : query.drv_prog_id != 0 ? query.drv_prog_id : query.skb_prog_id != 0 ? query.skb_prog_id : query.hw_prog_id;
    }

    private static BpfXdpQueryOpts Query(int ifindex)
    {
        var opts = new BpfXdpQueryOpts { sz = (nuint)sizeof(BpfXdpQueryOpts) };
        Native.bpf_xdp_query(ifindex, 0, &opts);
        return opts;
    }

    private static LoaderException Failure(int rc, int ifindex, XdpMode mode, string iface) => -rc switch
    {
        Errno.EBUSY or Errno.EEXIST => new LoaderException(LoaderErrorKind.AlreadyAttached,
            $"interface {iface} already has an XDP program (id {AnyAttachedProgramId(ifindex)}) that traitsbpf did not attach; remove it with the tool that attached it") { Errno = -rc },
        Errno.EOPNOTSUPP or Errno.ENOTSUPP when mode == XdpMode.Native => new LoaderException(LoaderErrorKind.Unsupported,
            $"the driver of {iface} does not support native XDP; use --xdp-mode generic") { Errno = -rc },
        // veth's answer when the MTU lets packets larger than a page arrive and the program lacks BPF_F_XDP_HAS_FRAGS.
        Errno.ERANGE when mode == XdpMode.Native => new LoaderException(LoaderErrorKind.Unsupported,
            $"the driver of {iface} refused the program: the MTU (a veth checks its peer's) lets packets larger than one page arrive, and the program takes only single-buffer packets; mark it [Xdp(name, Fragments = true)] (in C, SEC(\"xdp.frags\")) so that it takes multi-buffer packets, or lower the MTU") { Errno = -rc },
        Errno.EPERM or Errno.EACCES => new LoaderException(LoaderErrorKind.PermissionDenied,
            $"attaching XDP to {iface} was refused: it needs CAP_NET_ADMIN and CAP_BPF") { Errno = -rc },
        Errno.ENODEV => new LoaderException(LoaderErrorKind.InterfaceNotFound,
            $"network interface '{iface}' disappeared while attaching") { Errno = -rc },
        _ => new LoaderException(LoaderErrorKind.Failed, $"attaching XDP ({mode.ToString().ToLowerInvariant()}) to {iface} failed: {Errno.Describe(rc)}") { Errno = -rc },
    };
}
