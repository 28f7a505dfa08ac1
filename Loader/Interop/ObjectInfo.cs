namespace TraitsBpf.Loader.Interop;

/// <summary><c>BPF_OBJ_GET_INFO_BY_FD</c>, which answers for programs, maps and links alike.</summary>
internal static unsafe class ObjectInfo
{
    /// <summary>
    /// Fills <paramref name="info"/> (a <c>struct bpf_prog_info</c>, <c>bpf_map_info</c> or <c>bpf_link_info</c>,
    /// its input fields already set) from the kernel; errors name <paramref name="what"/>.
    /// </summary>
    public static T Read<T>(int fd, T info, string what)
        where T : unmanaged
    {
        var length = (uint)sizeof(T);
        var rc = Native.bpf_obj_get_info_by_fd(fd, &info, &length);
        if (rc < 0)
            throw new LoaderException(LoaderErrorKind.Failed, $"reading the kernel's information about {what} failed: {Errno.Describe(rc)}") { Errno = -rc };
        return info;
    }
}
