using System.Runtime.InteropServices;
using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader.Pins;

/// <summary>An exclusive flock on a directory, held until disposed; serialises traitsbpf processes changing pins.</summary>
internal sealed class DirectoryLock : IDisposable
{
    private readonly FileDescriptorHandle _fd;

    private DirectoryLock(FileDescriptorHandle fd) => _fd = fd;

    public static DirectoryLock Acquire(string directory)
    {
        var fd = LibC.open(directory, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new LoaderException(LoaderErrorKind.Failed, $"cannot open {directory} to lock it: {Errno.Describe(errno)}") { Errno = errno };
        }
        var handle = new FileDescriptorHandle(fd);
        if (LibC.flock(fd, LibC.LOCK_EX) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            handle.Dispose();
            throw new LoaderException(LoaderErrorKind.Failed, $"cannot lock {directory}: {Errno.Describe(errno)}") { Errno = errno };
        }
        return new DirectoryLock(handle);
    }

    // Closing the descriptor releases the lock.
    public void Dispose() => _fd.Dispose();
}
