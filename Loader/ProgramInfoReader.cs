using System.Text;
using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader;

/// <summary>Reads <c>struct bpf_prog_info</c> for a program descriptor.</summary>
internal static unsafe class ProgramInfoReader
{
    public static BpfProgramInfo Read(int fd, string what)
    {
        var info = Query(fd, what, null, 0);
        var mapIds = new uint[info.nr_map_ids];
        if (mapIds.Length > 0)
        {
            fixed (uint* ids = mapIds)
                info = Query(fd, what, ids, (uint)mapIds.Length);
            // The program cannot gain maps, but the first answer sized the array, so trust the smaller.
            Array.Resize(ref mapIds, (int)Math.Min(info.nr_map_ids, (uint)mapIds.Length));
        }

        return new BpfProgramInfo(
            info.id,
            Encoding.UTF8.GetString(new ReadOnlySpan<byte>(info.name, 16)).TrimEnd('\0'),
            (BpfProgramType)info.type,
            Convert.ToHexStringLower(new ReadOnlySpan<byte>(info.tag, 8)),
            (int)(info.xlated_prog_len / 8),
            info.jited_prog_len,
            info.verified_insns,
            mapIds,
            info.run_cnt,
            info.run_time_ns);
    }

    private static BpfProgInfo Query(int fd, string what, uint* mapIds, uint mapIdCount)
    {
        var info = new BpfProgInfo { nr_map_ids = mapIdCount, map_ids = (ulong)mapIds };
        var length = (uint)sizeof(BpfProgInfo);
        var rc = Native.bpf_obj_get_info_by_fd(fd, &info, &length);
        if (rc < 0)
            throw new LoaderException(LoaderErrorKind.Failed, $"reading the kernel's information about {what} failed: {Errno.Describe(rc)}") { Errno = -rc };
        return info;
    }
}
