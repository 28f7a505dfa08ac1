using System.Runtime.InteropServices;
using TraitsBpf.TestSupport.Host;

namespace TraitsBpf.Loader.Tests.Infrastructure;

/// <summary>
/// The kernel's own list of the programs on an interface's tcx hook, asked with BPF_PROG_QUERY (the
/// system's bpftool 7.1 predates tcx), independently of the loader's code. Call it inside the
/// interface's namespace (<see cref="NetworkNamespaceThread"/>): the kernel resolves the ifindex there.
/// </summary>
public static unsafe partial class TcxPrograms
{
    private const int AttachTypeTcxIngress = 46;
    private const int AttachTypeTcxEgress = 47;

    /// <summary>The ids of the programs on <paramref name="iface"/>'s tcx <paramref name="direction"/> hook (ingress or egress), in the order they run.</summary>
    public static IReadOnlyList<uint> Query(string iface, string direction)
    {
        var ifindex = if_nametoindex(iface);
        if (ifindex == 0)
            throw new InvalidOperationException($"no interface {iface} here");
        var ids = new uint[64];
        var count = (uint)ids.Length;
        uint attachFlags;
        int rc;
        fixed (uint* p = ids)
            rc = bpf_prog_query((int)ifindex, direction == "ingress" ? AttachTypeTcxIngress : AttachTypeTcxEgress, 0, &attachFlags, p, &count);
        if (rc < 0)
            throw new InvalidOperationException($"BPF_PROG_QUERY on {iface} {direction} failed: {rc}");
        return ids[..(int)count];
    }

    [LibraryImport("libbpf.so.1")]
    private static partial int bpf_prog_query(int target_fd, int type, uint query_flags, uint* attach_flags, uint* prog_ids, uint* prog_cnt);

    [LibraryImport("libc")]
    private static partial uint if_nametoindex([MarshalAs(UnmanagedType.LPUTF8Str)] string ifname);
}
