using System.Runtime.InteropServices;
using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader.Pins;

/// <summary>
/// Removes a directory of pins with <c>unlinkat</c> relative to directory descriptors: a symbolic
/// link met on the way is unlinked itself, never followed, so removal cannot reach outside the tree.
/// </summary>
internal static class PinTree
{
    /// <summary>Unpins everything in <paramref name="directory"/> and removes it; an absent directory is fine.</summary>
    public static void Remove(string directory)
    {
        var parent = Path.GetDirectoryName(directory) ?? throw new ArgumentException($"'{directory}' has no parent", nameof(directory));
        using var parentFd = OpenDirectory(LibC.AT_FDCWD, parent, LibC.O_DIRECTORY, directory);
        RemoveEntry(parentFd.Fd, Path.GetFileName(directory), directory);
    }

    private static void RemoveEntry(int parentFd, string name, string shown)
    {
        if (PinEntry.At(parentFd, name, shown) is not { } entry)
            return;
        if (entry.IsDirectory)
        {
            using (var fd = OpenDirectory(parentFd, name, LibC.O_DIRECTORY | LibC.O_NOFOLLOW, shown))
            {
                foreach (var child in Directory.EnumerateFileSystemEntries($"/proc/self/fd/{fd.Fd}").Select(Path.GetFileName).OfType<string>().ToList())
                    RemoveEntry(fd.Fd, child, Path.Combine(shown, child));
            }
            Unlink(parentFd, name, LibC.AT_REMOVEDIR, shown);
        }
        else
        {
            Unlink(parentFd, name, 0, shown);
        }
    }

    /// <summary>Opens a directory relative to <paramref name="parentFd"/>; with O_NOFOLLOW in <paramref name="flags"/> a symbolic link fails with ELOOP.</summary>
    private static FileDescriptorHandle OpenDirectory(int parentFd, string name, int flags, string shown)
    {
        var fd = LibC.openat(parentFd, name, LibC.O_RDONLY | LibC.O_CLOEXEC | flags);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new LoaderException(LoaderErrorKind.Failed, $"cannot open {PinPaths.Shown(shown)}: {Errno.Describe(errno)}") { Errno = errno };
        }
        return new FileDescriptorHandle(fd);
    }

    private static void Unlink(int parentFd, string name, int flags, string shown)
    {
        if (LibC.unlinkat(parentFd, name, flags) == 0)
            return;
        var errno = Marshal.GetLastPInvokeError();
        if (errno != Errno.ENOENT)
            throw new LoaderException(LoaderErrorKind.Failed, $"cannot remove {PinPaths.Shown(shown)}: {Errno.Describe(errno)}") { Errno = errno };
    }
}
