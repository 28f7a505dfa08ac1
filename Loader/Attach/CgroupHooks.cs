using System.Runtime.InteropServices;
using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader.Attach;

/// <summary>
/// The cgroup hooks traitsbpf attaches: the socket-address hooks, by the suffix of their libbpf section
/// (<c>cgroup/sendmsg4</c> is <c>sendmsg4</c>), and the skb hooks (<c>cgroup_skb/ingress</c> is <c>skb_ingress</c>),
/// with the kernel's attach type for each, and the cgroup v2 directories they attach to: a program is attached with
/// <c>BPF_LINK_CREATE</c>, the directory's descriptor as the target and the hook's attach type. Records keep the hook.
/// </summary>
internal static unsafe class CgroupHooks
{
    // statfs(2)'s f_type of a cgroup v2 mount (linux/magic.h); cgroup v1 hierarchies have another.
    private const long Cgroup2Magic = 0x63677270;

    // enum bpf_attach_type (linux/bpf.h), by libbpf section: the skb hooks, then the socket-address hooks of AF_INET
    // and AF_INET6 sockets.
    private static readonly (string Section, string Hook, int AttachType)[] Hooks =
    [
        ("cgroup_skb/ingress", "skb_ingress", 0),
        ("cgroup_skb/egress", "skb_egress", 1),
        ("cgroup/bind4", "bind4", 8),
        ("cgroup/bind6", "bind6", 9),
        ("cgroup/connect4", "connect4", 10),
        ("cgroup/connect6", "connect6", 11),
        ("cgroup/sendmsg4", "sendmsg4", 14),
        ("cgroup/sendmsg6", "sendmsg6", 15),
        ("cgroup/recvmsg4", "recvmsg4", 19),
        ("cgroup/recvmsg6", "recvmsg6", 20),
        ("cgroup/getpeername4", "getpeername4", 29),
        ("cgroup/getpeername6", "getpeername6", 30),
        ("cgroup/getsockname4", "getsockname4", 31),
        ("cgroup/getsockname6", "getsockname6", 32),
    ];

    /// <summary>A cgroup path as records keep it: absolute, without a trailing slash.</summary>
    public static string Canonical(string path)
    {
        var full = Path.GetFullPath(path);
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }

    /// <summary>The hook of a program in <paramref name="section"/> (<c>cgroup/sendmsg4</c> gives <c>sendmsg4</c>), or null when traitsbpf cannot attach it.</summary>
    public static string? HookOf(string section) => Hooks.FirstOrDefault(h => h.Section == section).Hook;

    /// <summary>The libbpf section of <paramref name="hook"/>, as listings print it (<c>cgroup/sendmsg4</c>, <c>cgroup_skb/ingress</c>).</summary>
    public static string SectionOf(string? hook) => Hooks.FirstOrDefault(h => h.Hook == hook).Section ?? $"cgroup/{hook}";

    /// <summary>
    /// Opens <paramref name="path"/> as a cgroup v2 directory; anything else (missing, not a directory, a cgroup v1
    /// hierarchy) is one sentence that says so.
    /// </summary>
    public static FileDescriptorHandle Open(string path)
    {
        var fd = LibC.open(path, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw NotCgroup(path, errno == Errno.ENOENT ? "it does not exist" : errno == Errno.ENOTDIR ? "it is not a directory" : $"it cannot be opened ({Errno.Describe(errno)})");
        }

        var handle = new FileDescriptorHandle(fd);
        StatFs fs;
        if (LibC.fstatfs(fd, &fs) != 0 || fs.f_type != Cgroup2Magic)
        {
            handle.Dispose();
            throw NotCgroup(path, "it is not on a cgroup2 filesystem (mount one with `mount -t cgroup2 none DIR`)");
        }
        return handle;
    }

    /// <summary>Checks that <paramref name="path"/> is a cgroup v2 directory, before anything is loaded.</summary>
    public static void Check(string path) => Open(path).Dispose();

    /// <summary>Attaches <paramref name="programFd"/> to the cgroup at <paramref name="path"/>'s <paramref name="hook"/> through a new link, which holds the attachment until it is pinned or closed.</summary>
    public static FileDescriptorHandle AttachLink(int programFd, string path, string hook)
    {
        var known = Hooks.FirstOrDefault(h => h.Hook == hook);
        if (known.Section is null)
            throw new LoaderException(LoaderErrorKind.Unsupported, $"traitsbpf cannot attach at cgroup hook '{hook}'");
        int attachType = known.AttachType;
        using var cgroup = Open(path);
        var opts = new BpfLinkCreateOpts { sz = (nuint)sizeof(BpfLinkCreateOpts) };
        var fd = Native.bpf_link_create(programFd, cgroup.Fd, attachType, &opts);
        if (fd < 0)
        {
            var action = $"attaching to cgroup {path} at {known.Section}";
            throw -fd is Errno.EPERM or Errno.EACCES
                ? new LoaderException(LoaderErrorKind.PermissionDenied, $"{action} was refused: it needs CAP_NET_ADMIN and CAP_BPF") { Errno = -fd }
                : new LoaderException(LoaderErrorKind.Failed, $"{action} failed: {Errno.Describe(fd)}") { Errno = -fd };
        }
        return new FileDescriptorHandle(fd);
    }

    private static LoaderException NotCgroup(string path, string why) =>
        new(LoaderErrorKind.InvalidArgument, $"'{path}' is not a cgroup v2 directory: {why}");
}
