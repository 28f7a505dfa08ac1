using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader.Attach;

/// <summary>Programs in the kernel by id, for recovery that must act only on the program a record names.</summary>
internal static class KernelPrograms
{
    /// <summary>A descriptor of program <paramref name="id"/>, or null when the kernel no longer has it (nothing holds it any more).</summary>
    public static FileDescriptorHandle? Open(uint id)
    {
        if (id == 0)
            return null;
        var fd = Native.bpf_prog_get_fd_by_id(id);
        if (fd == -Errno.ENOENT)
            return null;
        if (fd < 0)
            throw new LoaderException(LoaderErrorKind.Failed, $"opening program id {id} failed: {Errno.Describe(fd)}") { Errno = -fd };
        return new FileDescriptorHandle(fd);
    }
}
