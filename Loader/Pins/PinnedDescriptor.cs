using TraitsBpf.Loader.Interop;
using TraitsBpf.Object;

namespace TraitsBpf.Loader.Pins;

/// <summary>Pinning descriptors to paths on bpffs and opening pinned paths again.</summary>
internal static unsafe class PinnedDescriptor
{
    /// <summary>Pins <paramref name="fd"/> at <paramref name="path"/> (bpffs creates it 0600 under umask 077).</summary>
    public static void Pin(int fd, string path, string what)
    {
        var rc = Native.bpf_obj_pin(fd, path);
        if (rc < 0)
            throw new LoaderException(LoaderErrorKind.Failed, $"pinning {what} at {PinPaths.Shown(path)} failed: {Errno.Describe(rc)}") { Errno = -rc };
    }

    /// <summary>
    /// Creates a map for one of traitsbpf's own records, which programs may read but not write;
    /// the caller pins it. Errors name <paramref name="what"/>.
    /// </summary>
    public static FileDescriptorHandle CreateRecordMap(BpfMapType type, string name, int keySize, int valueSize, int maxEntries, string what) =>
        Create(type, name, keySize, valueSize, maxEntries, BpfMapCreateOpts.FlagReadOnlyProgram, what);

    /// <summary>Creates a map programs read and write; the caller pins it. Errors name <paramref name="what"/>.</summary>
    public static FileDescriptorHandle CreateMap(BpfMapType type, string name, int keySize, int valueSize, int maxEntries, string what) =>
        Create(type, name, keySize, valueSize, maxEntries, 0, what);

    private static FileDescriptorHandle Create(BpfMapType type, string name, int keySize, int valueSize, int maxEntries, uint flags, string what)
    {
        var opts = new BpfMapCreateOpts { sz = (nuint)sizeof(BpfMapCreateOpts), map_flags = flags };
        var fd = Native.bpf_map_create((int)type, name, (uint)keySize, (uint)valueSize, (uint)maxEntries, &opts);
        if (fd < 0)
            throw new LoaderException(LoaderErrorKind.Failed, $"creating {what} map failed: {Errno.Describe(fd)}") { Errno = -fd };
        return new FileDescriptorHandle(fd);
    }

    /// <summary>Opens the pin at <paramref name="path"/>; errors name <paramref name="what"/>.</summary>
    public static FileDescriptorHandle Open(string path, string what, bool readOnly = false)
    {
        var opts = new BpfObjGetOpts { sz = (nuint)sizeof(BpfObjGetOpts), file_flags = readOnly ? BpfObjGetOpts.ReadOnly : 0 };
        var fd = Native.bpf_obj_get_opts(path, &opts);
        if (fd < 0)
        {
            var kind = -fd switch
            {
                Errno.ENOENT => LoaderErrorKind.FileNotFound,
                Errno.EPERM or Errno.EACCES => LoaderErrorKind.PermissionDenied,
                Errno.EINVAL => LoaderErrorKind.NotAnObject,
                _ => LoaderErrorKind.Failed,
            };
            throw new LoaderException(kind, $"cannot open {what} pinned at {PinPaths.Shown(path)}: {Errno.Describe(fd)}") { Errno = -fd };
        }
        return new FileDescriptorHandle(fd);
    }

    /// <summary>Opens the pin at <paramref name="path"/>, which must pin a <paramref name="expected"/>; errors name <paramref name="what"/>.</summary>
    public static FileDescriptorHandle OpenAs(string path, BpfFdKind expected, string what)
    {
        var fd = Open(path, what);
        var kind = KindOf(fd.Fd);
        if (kind == expected)
            return fd;
        fd.Dispose();
        throw new LoaderException(LoaderErrorKind.NotAnObject,
            $"'{PinPaths.Shown(path)}' pins a BPF {kind.ToString().ToLowerInvariant()}, not a {expected.ToString().ToLowerInvariant()}");
    }

    /// <summary>Whether a descriptor is a program, a map or a link, from its anonymous inode's name.</summary>
    private static BpfFdKind KindOf(int fd)
    {
        var target = new FileInfo($"/proc/self/fd/{fd}").LinkTarget ?? string.Empty;
        return target switch
        {
            "anon_inode:bpf-prog" => BpfFdKind.Program,
            "anon_inode:bpf-map" => BpfFdKind.Map,
            "anon_inode:bpf_link" => BpfFdKind.Link,
            _ => BpfFdKind.Other,
        };
    }
}
