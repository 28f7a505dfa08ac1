using System.Runtime.InteropServices;
using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader.Pins;

/// <summary>Pinning descriptors to paths on bpffs and opening pinned paths again.</summary>
internal static unsafe class PinnedDescriptor
{
    /// <summary>Pins <paramref name="fd"/> at <paramref name="path"/> (bpffs creates it 0600 under umask 077).</summary>
    public static void Pin(int fd, string path, string what)
    {
        var rc = Native.bpf_obj_pin(fd, path);
        if (rc < 0)
            throw new LoaderException(LoaderErrorKind.Failed, $"pinning {what} at {path} failed: {Errno.Describe(rc)}") { Errno = -rc };
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
            throw new LoaderException(kind, $"cannot open {what} pinned at {path}: {Errno.Describe(fd)}") { Errno = -fd };
        }
        return new FileDescriptorHandle(fd);
    }

    /// <summary>Whether a descriptor is a program, a map or a link, from its anonymous inode's name.</summary>
    public static BpfFdKind KindOf(int fd)
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

    /// <summary>Reads <c>struct bpf_map_info</c>.</summary>
    public static BpfMapInfo MapInfo(int fd, string what)
    {
        var info = new BpfMapInfo();
        var length = (uint)sizeof(BpfMapInfo);
        var rc = Native.bpf_obj_get_info_by_fd(fd, &info, &length);
        if (rc < 0)
            throw new LoaderException(LoaderErrorKind.Failed, $"reading the kernel's information about {what} failed: {Errno.Describe(rc)}") { Errno = -rc };
        return info;
    }

    /// <summary>Reads <c>struct bpf_link_info</c>.</summary>
    public static BpfLinkInfo LinkInfo(int fd, string what)
    {
        var info = new BpfLinkInfo();
        var length = (uint)sizeof(BpfLinkInfo);
        var rc = Native.bpf_obj_get_info_by_fd(fd, &info, &length);
        if (rc < 0)
            throw new LoaderException(LoaderErrorKind.Failed, $"reading the kernel's information about {what} failed: {Errno.Describe(rc)}") { Errno = -rc };
        return info;
    }

    /// <summary>The kernel's NUL-padded 16-byte object name as a string.</summary>
    public static string Name(byte* name) => Marshal.PtrToStringUTF8((nint)name) ?? string.Empty;
}
