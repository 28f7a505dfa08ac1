using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader.Attach;

/// <summary>
/// TC ingress and egress through tcx links (Linux 6.6+), made with <c>BPF_LINK_CREATE</c>. libbpf 1.1 has no
/// <c>bpf_program__attach_tcx</c>, but its <c>bpf_link_create</c> passes the attach type and the target
/// through: the kernel reads <c>link_create.target_fd</c> as <c>target_ifindex</c> for tcx, as it does for XDP.
/// </summary>
internal static unsafe class TcxHook
{
    // enum bpf_attach_type (linux/bpf.h since 6.6); the system headers predate them.
    private const int AttachTypeTcxIngress = 46;
    private const int AttachTypeTcxEgress = 47;

    /// <summary>The kernel's attach type for a TC hook: BPF_TCX_INGRESS or BPF_TCX_EGRESS.</summary>
    public static int AttachType(AttachHook direction) => direction == AttachHook.TcIngress ? AttachTypeTcxIngress : AttachTypeTcxEgress;

    /// <summary>
    /// Appends <paramref name="programFd"/>'s program to the hook's tcx programs through a new link; the returned
    /// descriptor holds the attachment until it is pinned or closed.
    /// </summary>
    public static FileDescriptorHandle AttachLink(int programFd, int ifindex, AttachHook direction, string iface)
    {
        // No BPF_F_BEFORE/BPF_F_AFTER: the program goes last, after whatever other tcx users attached.
        var opts = new BpfLinkCreateOpts { sz = (nuint)sizeof(BpfLinkCreateOpts) };
        var fd = Native.bpf_link_create(programFd, ifindex, AttachType(direction), &opts);
        if (fd < 0)
            throw Failure(fd, $"attaching the tcx link to {iface} ({AttachTarget.NameOf(direction)})");
        return new FileDescriptorHandle(fd);
    }

    private static LoaderException Failure(int rc, string action) => -rc switch
    {
        Errno.EPERM or Errno.EACCES => new LoaderException(LoaderErrorKind.PermissionDenied, $"{action} was refused: it needs CAP_NET_ADMIN and CAP_BPF") { Errno = -rc },
        Errno.ENODEV => new LoaderException(LoaderErrorKind.InterfaceNotFound, $"{action} failed: the interface disappeared") { Errno = -rc },
        Errno.EEXIST => new LoaderException(LoaderErrorKind.AlreadyAttached, $"{action} failed: this program is attached there already") { Errno = -rc },
        _ => new LoaderException(LoaderErrorKind.Failed, $"{action} failed: {Errno.Describe(rc)}") { Errno = -rc },
    };
}
