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

    /// <summary>The address of the test's memory the probe reads start from (0 for none: the reads then give -EFAULT).</summary>
    public static readonly ArrayMap<ulong> UserMemory = new(1);

    /// <summary>
    /// Reads the running task's memory at <see cref="UserMemory"/> plus <c>byte 0 &amp; 63</c> (null when it holds 0 or
    /// byte 1 is 1) into a 16-byte buffer filled with 0xAA: all 16 bytes (bpf_probe_read_user) when byte 8 is 0, else a
    /// string of at most <c>byte 9 &amp; 15</c> bytes (bpf_probe_read_user_str); the result goes to bytes 16 to 23 and the
    /// buffer after it.
    /// </summary>
    [Xdp("h_probe_user")]
    public static XdpAction ReadUser(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 40 > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        byte* buffer = stackalloc byte[16];
        new Span<byte>(buffer, 16).Fill(0xAA);
        ulong* memory = UserMemory.Lookup(0);
        void* from = memory == null || *memory == 0 || data[1] == 1 ? null : (void*)(*memory + (data[0] & 63u));
        long result = data[8] == 0 ? TraceContext.ProbeReadUser(buffer, 16, from) : TraceContext.ProbeReadUserString(buffer, data[9] & 15u, from);
        *(long*)(data + 16) = result;
        new ReadOnlySpan<byte>(buffer, 16).CopyTo(new Span<byte>(data + 24, 16));
        return XdpAction.Pass;
    }

    /// <summary>
    /// Reads a string of at most <c>byte 40 &amp; 15</c> bytes of kernel memory (bpf_probe_read_kernel_str) from the
    /// sk_buff's data, the packet itself, or from null when byte 41 is 1, into a buffer filled with 0xAA; the result and the
    /// buffer go to bytes 48 to 71.
    /// </summary>
    [Tc("h_probe_kernel_str")]
    public static TcAction ReadKernelString(TcContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 72 > ctx.DataEnd)
        {
            return TcAction.Shot;
        }

        byte* buffer = stackalloc byte[16];
        new Span<byte>(buffer, 16).Fill(0xAA);
        void* from = data[41] == 1 ? null : ctx.KernelSkBuff->Data;
        long result = TraceContext.ProbeReadKernelString(buffer, data[40] & 15u, from);
        data = ctx.Data;
        if (data + 72 > ctx.DataEnd)
        {
            return TcAction.Shot;
        }

        *(long*)(data + 48) = result;
        new ReadOnlySpan<byte>(buffer, 16).CopyTo(new Span<byte>(data + 56, 16));
        return TcAction.Ok;
    }
}
