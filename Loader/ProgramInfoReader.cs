using System.Text;
using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader;

/// <summary>Reads <c>struct bpf_prog_info</c> for a program descriptor.</summary>
internal static unsafe class ProgramInfoReader
{
    public static BpfProgramInfo Read(int fd, string what)
    {
        var info = ObjectInfo.Read(fd, new BpfProgInfo(), what);
        var mapIds = new uint[info.nr_map_ids];
        if (mapIds.Length > 0)
        {
            fixed (uint* ids = mapIds)
                info = ObjectInfo.Read(fd, new BpfProgInfo { nr_map_ids = (uint)mapIds.Length, map_ids = (ulong)ids }, what);
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
}
