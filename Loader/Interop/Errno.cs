using System.Runtime.InteropServices;

namespace TraitsBpf.Loader.Interop;

/// <summary>The errno values the loader reacts to, and their text.</summary>
internal static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EAGAIN = 11;
    public const int EACCES = 13;
    public const int ENOTDIR = 20;
    public const int EBUSY = 16;
    public const int EEXIST = 17;
    public const int ENODEV = 19;
    public const int EINVAL = 22;
    public const int E2BIG = 7;
    public const int ETIMEDOUT = 110;
    public const int ENOSPC = 28;
    public const int ERANGE = 34;
    public const int ELOOP = 40;
    public const int EAFNOSUPPORT = 97;
    public const int EOPNOTSUPP = 95;
    public const int ENOBUFS = 105;
    public const int ENOTSUPP = 524;

    /// <summary>The C library's message for an errno, given as positive or as libbpf's negative return.</summary>
    public static string Describe(int errno)
    {
        var positive = Math.Abs(errno);
        return positive == ENOTSUPP ? "Operation not supported" : Marshal.GetPInvokeErrorMessage(positive);
    }
}
