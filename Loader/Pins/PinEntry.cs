using System.Runtime.InteropServices;
using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader.Pins;

/// <summary>What <c>statx</c> says about one name under a directory descriptor, the name itself and never what a link points to.</summary>
internal readonly record struct PinEntry(ushort Type, uint Owner, int Permissions)
{
    /// <summary>Group and other write bits.</summary>
    private const int WritableByOthers = 0x12;

    public bool IsDirectory => Type == Statx.S_IFDIR;

    public bool IsSymbolicLink => Type == Statx.S_IFLNK;

    /// <summary>Looks at <paramref name="relative"/> under <paramref name="directoryFd"/> without following a final symbolic link; null when absent.</summary>
    public static unsafe PinEntry? At(int directoryFd, string relative, string shown)
    {
        Statx info;
        var flags = relative.Length == 0 ? LibC.AT_EMPTY_PATH | LibC.AT_SYMLINK_NOFOLLOW : LibC.AT_SYMLINK_NOFOLLOW;
        if (LibC.statx(directoryFd, relative, flags, LibC.STATX_BASIC_STATS, &info) == 0)
            return new PinEntry(info.Type, info.stx_uid, info.Permissions);
        var errno = Marshal.GetLastPInvokeError();
        if (errno is Errno.ENOENT or Errno.ENOTDIR)
            return null;
        throw new LoaderException(LoaderErrorKind.Failed, $"cannot examine {shown}: {Errno.Describe(errno)}") { Errno = errno };
    }

    /// <summary>
    /// Why this entry must not be used by a process running as <paramref name="owner"/> (a clause
    /// that follows the entry's name), or null when only <paramref name="owner"/> can have made or changed it.
    /// </summary>
    public string? Unsafety(uint owner)
    {
        if (IsSymbolicLink)
            return "is a symbolic link, and traitsbpf never follows one under its pin root (whoever made it would choose which pins traitsbpf reads, detaches or removes)";
        if (Owner != owner)
            return $"belongs to uid {Owner}, not to uid {owner} that traitsbpf runs as, so that user could hide, replace or remove traitsbpf's pins";
        if ((Permissions & WritableByOthers) != 0)
            return $"has mode {Convert.ToString(Permissions, 8).PadLeft(4, '0')}, writable by group or others, who could hide, replace or remove traitsbpf's pins";
        return null;
    }
}
