using System.Text;
using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader;

/// <summary>Maps in the kernel by id: what user space reads from a map of maps is the id of the map in a slot.</summary>
public static class MapsById
{
    /// <summary>The kernel's name of map <paramref name="id"/> (at most 15 characters), or null when no map has that id any more.</summary>
    /// <exception cref="LoaderException">The kernel refused to open or describe the map.</exception>
    public static unsafe string? NameOf(uint id)
    {
        var fd = Native.bpf_map_get_fd_by_id(id);
        if (fd == -Errno.ENOENT)
            return null;
        if (fd < 0)
            throw new LoaderException(LoaderErrorKind.Failed, $"opening map id {id} failed: {Errno.Describe(fd)}") { Errno = -fd };
        using var handle = new FileDescriptorHandle(fd);
        var info = ObjectInfo.Read(handle.Fd, new BpfMapInfo(), $"map id {id}");
        var name = new ReadOnlySpan<byte>(info.name, 16);
        int end = name.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? name : name[..end]);
    }
}
