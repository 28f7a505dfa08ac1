using System.Runtime.InteropServices;

namespace TraitsBpf.Loader.Interop;

/// <summary>
/// The few libc calls the loader needs beyond libbpf, under their C names.
/// All set errno; read it with <see cref="Marshal.GetLastPInvokeError"/>.
/// </summary>
internal static unsafe partial class LibC
{
    private const string Lib = "libc";

    internal const int LOCK_EX = 2;
    internal const int LOCK_UN = 8;
    internal const int O_RDONLY = 0;
    internal const int O_DIRECTORY = 0x10000;
    internal const int O_CLOEXEC = 0x80000;
    internal const int O_NOFOLLOW = 0x20000;
    internal const int AT_FDCWD = -100;
    internal const int AT_SYMLINK_NOFOLLOW = 0x100;
    internal const int AT_REMOVEDIR = 0x200;
    internal const int AT_EMPTY_PATH = 0x1000;
    internal const uint STATX_BASIC_STATS = 0x7ff;
    internal const int AF_NETLINK = 16;
    internal const int SOCK_RAW = 3;
    internal const int SOCK_CLOEXEC = 0x80000;
    internal const int NETLINK_ROUTE = 0;
    internal const int NETLINK_GENERIC = 16;

    internal const int SIGKILL = 9;

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int close(int fd);

    /// <summary>perf_event_open(2), which glibc does not wrap: <c>syscall(__NR_perf_event_open, attr, pid, cpu, group_fd, flags)</c>.</summary>
    [LibraryImport(Lib, EntryPoint = "syscall", SetLastError = true)]
    internal static partial int syscall_perf_event_open(long number, PerfEventAttr* attr, int pid, int cpu, int group_fd, ulong flags);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int ioctl(int fd, ulong request, ulong argument);

    /// <summary><c>syscall(2)</c> with three arguments, for the bpf commands libbpf 1.1 cannot express.</summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial long syscall(long number, long a1, void* a2, long a3);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int kill(int pid, int sig);

    internal const int PROT_READ = 1;
    internal const int PROT_WRITE = 2;
    internal const int MAP_SHARED = 1;

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial void* mmap(void* addr, nuint length, int prot, int flags, int fd, long offset);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int munmap(void* addr, nuint length);

    internal const short POLLIN = 1;

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int poll(PollFd* fds, nuint nfds, int timeout);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int openat(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int mkdirat(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int unlinkat(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, Statx* buf);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int fstatfs(int fd, StatFs* buf);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int fchmod(int fd, uint mode);

    [LibraryImport(Lib)]
    internal static partial uint geteuid();

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int flock(int fd, int operation);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial uint if_nametoindex([MarshalAs(UnmanagedType.LPUTF8Str)] string ifname);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial byte* if_indextoname(uint ifindex, byte* ifname);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int mount([MarshalAs(UnmanagedType.LPUTF8Str)] string source,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string target, [MarshalAs(UnmanagedType.LPUTF8Str)] string filesystemtype,
        nuint mountflags, [MarshalAs(UnmanagedType.LPUTF8Str)] string data);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int statfs([MarshalAs(UnmanagedType.LPUTF8Str)] string path, StatFs* buf);

    [LibraryImport(Lib)]
    internal static partial int vsnprintf(byte* str, nuint size, byte* format, nint ap);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int socket(int domain, int type, int protocol);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial nint send(int sockfd, void* buf, nuint len, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial nint recv(int sockfd, void* buf, nuint len, int flags);

    internal const int AF_XDP = 44;
    internal const int SOL_XDP = 283;
    internal const int MAP_PRIVATE = 2;
    internal const int MAP_ANONYMOUS = 0x20;
    internal const int MAP_POPULATE = 0x8000;
    internal const int MSG_DONTWAIT = 0x40;

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int setsockopt(int sockfd, int level, int optname, void* optval, uint optlen);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int getsockopt(int sockfd, int level, int optname, void* optval, uint* optlen);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int bind(int sockfd, void* addr, uint addrlen);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial nint sendto(int sockfd, void* buf, nuint len, int flags, void* dest_addr, uint addrlen);
}
