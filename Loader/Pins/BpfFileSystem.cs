using System.Runtime.InteropServices;
using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader.Pins;

/// <summary>The BPF filesystem at /sys/fs/bpf: mounted on demand, under a lock so concurrent runs do not stack two mounts.</summary>
internal static unsafe class BpfFileSystem
{
    public const string MountPoint = "/sys/fs/bpf";
    private const long Magic = 0xcafe4a11;

    /// <summary>True when <paramref name="path"/> lies on a BPF filesystem.</summary>
    public static bool IsOnBpfFs(string path)
    {
        StatFs info;
        return LibC.statfs(path, &info) == 0 && info.f_type == Magic;
    }

    /// <summary>Mounts bpffs at /sys/fs/bpf unless one is already there.</summary>
    public static void EnsureMounted()
    {
        if (IsOnBpfFs(MountPoint))
            return;

        // Lock the mount point directory: a second process that opened it before our
        // mount waits here and then sees the mount, instead of stacking its own on top
        // (which would hide every pin made in ours).
        using var mountPointLock = DirectoryLock.Acquire(MountPoint);
        if (IsOnBpfFs(MountPoint))
            return;
        if (LibC.mount("bpf", MountPoint, "bpf", 0, "mode=0700") != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new LoaderException(errno == Errno.EPERM ? LoaderErrorKind.PermissionDenied : LoaderErrorKind.Failed,
                $"cannot mount the BPF filesystem at {MountPoint}: {Errno.Describe(errno)}") { Errno = errno };
        }
    }

    /// <summary>Creates <paramref name="path"/> (if absent) readable and writable by root only.</summary>
    public static void CreatePrivateDirectory(string path)
    {
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Directory.CreateDirectory(path, ownerOnly);
        // The umask may have taken bits away and an existing directory keeps its mode;
        // chmod sets exactly 0700 either way.
        File.SetUnixFileMode(path, ownerOnly);
    }
}
