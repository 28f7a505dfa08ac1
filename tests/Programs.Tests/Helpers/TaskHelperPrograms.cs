namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>A program asking which ids the running task has in a pid namespace the packet names.</summary>
public static unsafe class TaskHelperPrograms
{
    /// <summary>
    /// Reads a namespace's device and inode numbers from the packet's first 16 bytes and writes bpf_get_ns_current_pid_tgid's
    /// result, pid and tgid after them.
    /// </summary>
    [Xdp("h_ns_pid_tgid")]
    public static XdpAction NamespaceIds(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 28 > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        int result = Bpf.GetNsCurrentPidTgid(*(ulong*)data, *(ulong*)(data + 8), out PidNamespaceInfo info);
        *(int*)(data + 16) = result;
        *(uint*)(data + 20) = info.Pid;
        *(uint*)(data + 24) = info.Tgid;
        return XdpAction.Pass;
    }
}
