using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader.AfXdp;

/// <summary>The one sentence an AF_XDP system call's failure becomes: the step, the C library's text for its errno, and what that errno means there.</summary>
internal static class AfXdpErrors
{
    /// <summary>A failure of <paramref name="step"/> with <paramref name="errno"/> (positive), and <paramref name="meaning"/> when the step knows its cause.</summary>
    public static LoaderException Failed(string step, int errno, string? meaning = null) =>
        new(KindOf(errno), $"{step} failed: {Errno.Describe(errno)}{(meaning is null ? "" : $" ({meaning})")}") { Errno = errno };

    /// <summary>What a bind's errno means, given how the socket was set up (rings and UMEM always are, so EINVAL is the queue).</summary>
    public static string? BindMeaning(int errno, string iface, uint queue, AfXdpBindMode mode, int frameSize) => errno switch
    {
        Errno.EINVAL when mode == AfXdpBindMode.ZeroCopy =>
            $"{iface} has no queue {queue}, or its MTU does not fit a {frameSize}-byte frame in zero-copy mode",
        Errno.EINVAL => $"{iface} has no queue {queue}",
        Errno.EBUSY => $"another AF_XDP socket is bound to queue {queue} of {iface}",
        Errno.EOPNOTSUPP => $"the driver of {iface} does not support zero-copy AF_XDP sockets; bind in copy mode",
        Errno.ENODEV => $"{iface} is gone",
        _ => null,
    };

    private static LoaderErrorKind KindOf(int errno) => errno switch
    {
        Errno.EPERM or Errno.EACCES => LoaderErrorKind.PermissionDenied,
        Errno.EAFNOSUPPORT or Errno.EOPNOTSUPP => LoaderErrorKind.Unsupported,
        Errno.ENODEV => LoaderErrorKind.InterfaceNotFound,
        Errno.EINVAL => LoaderErrorKind.InvalidArgument,
        _ => LoaderErrorKind.Failed,
    };
}
