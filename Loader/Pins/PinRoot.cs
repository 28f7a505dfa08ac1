using System.Runtime.InteropServices;
using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader.Pins;

/// <summary>
/// The pin root, opened once without following links and checked to be a directory on bpffs that
/// only the user traitsbpf runs as (root) owns and can write; everything under it is reached
/// through its descriptor afterwards (<see cref="Resolve"/>), so renaming or replacing the path
/// after the check redirects nothing. On a bpffs mounted 1777 anyone can create
/// <c>/sys/fs/bpf/traitsbpf</c> first, so a root someone else made is refused, never adopted.
/// </summary>
internal sealed class PinRoot : IDisposable
{
    private const uint PrivateMode = 0x1c0; // 0700
    private const long BpfFsMagic = 0xcafe4a11;

    private readonly FileDescriptorHandle _fd;
    private readonly uint _owner;

    private PinRoot(FileDescriptorHandle fd, uint owner, string shown)
    {
        _fd = fd;
        _owner = owner;
        Shown = shown;
    }

    /// <summary>The root's path as the user knows it, for messages.</summary>
    public string Shown { get; }

    /// <summary>
    /// Opens and checks the root at <paramref name="path"/>; with <paramref name="create"/> it is made
    /// 0700 if absent, otherwise an absent root gives null. With <paramref name="exclusive"/> the
    /// flock that serialises traitsbpf processes changing pins is taken on the checked descriptor.
    /// </summary>
    /// <exception cref="LoaderException"><see cref="LoaderErrorKind.UnsafePinRoot"/> when the root is not ours alone.</exception>
    public static unsafe PinRoot? Open(string path, bool create, bool exclusive)
    {
        var parentPath = Path.GetDirectoryName(path) ?? throw new ArgumentException($"'{path}' has no parent", nameof(path));
        var name = Path.GetFileName(path);
        var parent = LibC.open(parentPath, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC);
        if (parent < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == Errno.ENOENT && !create)
                return null;
            if (errno is Errno.EACCES or Errno.EPERM)
                throw Closed(parentPath, errno);
            throw new LoaderException(LoaderErrorKind.Failed, $"cannot open {parentPath}: {Errno.Describe(errno)}") { Errno = errno };
        }

        using var parentFd = new FileDescriptorHandle(parent);
        // mkdirat's mode can only lose bits to the umask, never gain any; the checks below see the result.
        if (create && LibC.mkdirat(parent, name, PrivateMode) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != Errno.EEXIST)
                throw new LoaderException(errno == Errno.EACCES ? LoaderErrorKind.PermissionDenied : LoaderErrorKind.Failed,
                    $"cannot create the pin root {path}: {Errno.Describe(errno)}") { Errno = errno };
        }

        var fd = LibC.openat(parent, name, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_NOFOLLOW | LibC.O_CLOEXEC);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == Errno.ENOENT && !create)
                return null;
            if (errno is Errno.ELOOP or Errno.ENOTDIR)
                throw Refuse(path, PinEntry.At(parent, name, path)?.IsSymbolicLink == true
                    ? "is a symbolic link, and traitsbpf does not follow one to find its pins (whoever made it would choose where they go)"
                    : "is not a directory", $"remove it with `rm {path}`");
            if (errno is Errno.EACCES or Errno.EPERM)
                throw Closed(path, errno);
            throw new LoaderException(LoaderErrorKind.Failed, $"cannot open the pin root {path}: {Errno.Describe(errno)}") { Errno = errno };
        }

        var root = new PinRoot(new FileDescriptorHandle(fd), LibC.geteuid(), path);
        try
        {
            root.Check(create);
            if (exclusive && LibC.flock(fd, LibC.LOCK_EX) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw new LoaderException(LoaderErrorKind.Failed, $"cannot lock {path}: {Errno.Describe(errno)}") { Errno = errno };
            }
            return root;
        }
        catch
        {
            root.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The path through the root's descriptor of <paramref name="components"/> (e.g. an attachment's
    /// name and a pin's), after checking each of them without following links: none may be a symbolic
    /// link or belong to another user. The path need not exist.
    /// </summary>
    public string Resolve(params string[] components)
    {
        var relative = "";
        foreach (var component in components)
        {
            relative = relative.Length == 0 ? component : $"{relative}/{component}";
            var shown = Path.Combine(Shown, relative);
            if (PinEntry.At(_fd.Fd, relative, shown) is not { } entry)
                return PinPaths.Through(_fd.Fd, string.Join('/', components));
            if (entry.Unsafety(_owner) is { } why)
                throw Refuse(shown, why, $"remove it with `rm -r {shown}`");
        }
        return PinPaths.Through(_fd.Fd, relative);
    }

    /// <summary>Why <paramref name="name"/> directly under the root must not be used, or null when it may (or is absent).</summary>
    public string? Unsafety(string name) => PinEntry.At(_fd.Fd, name, Path.Combine(Shown, name))?.Unsafety(_owner);

    /// <summary>Whether <paramref name="name"/> directly under the root is a directory or a symbolic link (which <see cref="Resolve"/> refuses).</summary>
    public bool MayBeDirectory(string name) =>
        PinEntry.At(_fd.Fd, name, Path.Combine(Shown, name)) is { } entry && (entry.IsDirectory || entry.IsSymbolicLink);

    /// <summary>The names of the root's entries, as they are now.</summary>
    public IEnumerable<string> EntryNames() =>
        Directory.EnumerateFileSystemEntries(PinPaths.Through(_fd.Fd, "")).Select(Path.GetFileName).OfType<string>().ToList();

    // Closing the descriptor also releases the lock.
    public void Dispose() => _fd.Dispose();

    private unsafe void Check(bool tighten)
    {
        if (PinEntry.At(_fd.Fd, "", Shown) is not { } self)
            throw new LoaderException(LoaderErrorKind.Failed, $"the pin root {Shown} vanished while it was opened");
        if (self.Unsafety(_owner) is { } why)
            throw Refuse(Shown, why, $"give it to root with `chown root: {Shown} && chmod 0700 {Shown}`, or remove it with `rm -r {Shown}`");

        StatFs fs;
        if (LibC.fstatfs(_fd.Fd, &fs) != 0 || fs.f_type != BpfFsMagic)
            throw new LoaderException(LoaderErrorKind.UnsafePinRoot,
                $"the pin root {Shown} is not on a BPF filesystem, so pins cannot be made there; mount one with `mount -t bpf bpf {BpfFileSystem.MountPoint}`");

        // Ours and closed to others already; 0700 exactly keeps even reading to root.
        if (tighten && self.Permissions != PrivateMode && LibC.fchmod(_fd.Fd, PrivateMode) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new LoaderException(LoaderErrorKind.Failed, $"cannot make {Shown} 0700: {Errno.Describe(errno)}") { Errno = errno };
        }
    }

    private static LoaderException Refuse(string shown, string why, string fix) =>
        new(LoaderErrorKind.UnsafePinRoot, $"refusing to use {shown}: it {why}; after checking its contents, {fix}");

    /// <summary>
    /// The pins exist but this process may not read them: saying "nothing attached" would be a
    /// lie, so this is an error of its own. CAP_BPF and CAP_NET_ADMIN let a process load and attach,
    /// but bpffs still checks file permissions, and root's 0700 directories stay closed to another
    /// uid without CAP_DAC_OVERRIDE.
    /// </summary>
    private static LoaderException Closed(string path, int errno) =>
        new(LoaderErrorKind.PermissionDenied,
            $"cannot read traitsbpf's pins: {path} is closed to uid {LibC.geteuid()} ({Errno.Describe(errno)}); CAP_BPF and CAP_NET_ADMIN do not open root's pin directories, so run traitsbpf as root or with CAP_DAC_OVERRIDE as well")
        { Errno = errno };
}
