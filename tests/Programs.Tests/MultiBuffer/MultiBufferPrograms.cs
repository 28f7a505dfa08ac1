namespace TraitsBpf.Programs.Tests.MultiBuffer;

/// <summary>What <see cref="MultiBufferPrograms.Probe"/> saw of the last datagram to its port.</summary>
public struct FragmentProbe
{
    /// <summary>Datagrams seen.</summary>
    public ulong Packets;

    /// <summary>bpf_xdp_get_buff_len: the whole frame.</summary>
    public ulong BufferLength;

    /// <summary>data_end - data: the first buffer only.</summary>
    public ulong FirstBufferLength;

    /// <summary>The 8 bytes from 4 before the first buffer's end, half in it and half in the first fragment.</summary>
    public ulong AcrossFirstBuffer;

    /// <summary>The 8 bytes at <see cref="MultiBufferPrograms.SecondFragmentOffset"/>, in the second fragment.</summary>
    public ulong InSecondFragment;

    /// <summary>The frame's last 8 bytes.</summary>
    public ulong LastBytes;

    /// <summary>The three loads' results, one byte each (0 or -errno).</summary>
    public uint Results;
}

/// <summary>
/// XDP programs marked for multi-buffer packets (<c>[Xdp(..., Fragments = true)]</c>, section <c>xdp.frags</c>), and
/// one without the mark, that read and change bytes past the first buffer with bpf_xdp_load_bytes, bpf_xdp_store_bytes
/// and bpf_xdp_adjust_tail.
/// </summary>
public static unsafe class MultiBufferPrograms
{
    /// <summary>The UDP port the probe records datagrams to.</summary>
    public const ushort ProbePort = 9413;

    /// <summary>
    /// An offset in a frame's second fragment: the first buffer holds 3,520 bytes and each fragment up to a page (4,096),
    /// so the second fragment starts at 7,616.
    /// </summary>
    public const int SecondFragmentOffset = 7700;

    /// <summary>The probe's one record.</summary>
    public static readonly ArrayMap<FragmentProbe> Probes = new(1);

    /// <summary>
    /// For IPv4 UDP to <see cref="ProbePort"/>: the frame's whole and first-buffer lengths and three 8-byte loads, one
    /// across the end of the first buffer, one in the second fragment, one at the end; every packet passes.
    /// </summary>
    [Xdp("mb_probe", Fragments = true)]
    public static XdpAction Probe(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 42 > ctx.DataEnd || *(ushort*)(data + 12) != Net.Htons(0x0800) || data[23] != 17 || *(ushort*)(data + 36) != Net.Htons(ProbePort))
        {
            return XdpAction.Pass;
        }

        FragmentProbe* probe = Probes.Lookup(0);
        if (probe == null)
        {
            return XdpAction.Aborted;
        }

        int firstBuffer = (int)(ctx.DataEnd - data);
        ulong length = ctx.BufferLength();
        ulong across = 0, second = 0, last = 0;
        int acrossResult = ctx.LoadBytes(firstBuffer - 4, &across, sizeof(ulong));
        int secondResult = ctx.LoadBytes(SecondFragmentOffset, &second, sizeof(ulong));
        int lastResult = ctx.LoadBytes((int)length - 8, &last, sizeof(ulong));
        probe->Packets++;
        probe->BufferLength = length;
        probe->FirstBufferLength = (ulong)firstBuffer;
        probe->AcrossFirstBuffer = across;
        probe->InSecondFragment = second;
        probe->LastBytes = last;
        probe->Results = ((uint)acrossResult & 0xFF) | ((uint)secondResult & 0xFF) << 8 | ((uint)lastResult & 0xFF) << 16;
        return XdpAction.Pass;
    }

    /// <summary>
    /// Loads 8 bytes at the offset in bytes 6 and 7, stores them inverted at the offset in bytes 8 and 9, then moves the
    /// tail by the signed amount in bytes 10 and 11; the first 4 bytes get the whole length and the next 2 the first
    /// buffer's, both after the tail moved, and the action the helpers' results: TX when all three succeeded, DROP
    /// when one answered -EINVAL, PASS otherwise.
    /// </summary>
    [Xdp("mb_edit", Fragments = true)]
    public static XdpAction Edit(XdpContext ctx) => EditBytes(ctx);

    /// <summary><see cref="Edit"/> without the multi-buffer mark (section <c>xdp</c>): the test run gives it fragments too.</summary>
    [Xdp("mb_edit_linear")]
    public static XdpAction EditLinear(XdpContext ctx) => EditBytes(ctx);

    /// <summary>A CPUMAP program that takes multi-buffer packets (section <c>xdp.frags/cpumap</c>): passes them.</summary>
    [Xdp("mb_on_cpu", XdpAttach.CpuMap, Fragments = true)]
    public static XdpAction OnCpu(XdpContext ctx) => ctx.BufferLength() > 0 ? XdpAction.Pass : XdpAction.Drop;

    private static XdpAction EditBytes(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 14 > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        int from = data[6] << 8 | data[7];
        int to = data[8] << 8 | data[9];
        int delta = (short)(data[10] << 8 | data[11]);
        ulong value = 0x1122334455667788;
        int loaded = ctx.LoadBytes(from, &value, sizeof(ulong));
        value = ~value;
        int stored = ctx.StoreBytes(to, &value, sizeof(ulong));
        int moved = ctx.AdjustTail(delta);
        data = ctx.Data;
        if (data + 14 > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        *(uint*)data = (uint)ctx.BufferLength();
        *(ushort*)(data + 4) = (ushort)(ctx.DataEnd - data);
        return loaded == 0 && stored == 0 && moved == 0 ? XdpAction.Tx
            : loaded == -Errno.EINVAL || stored == -Errno.EINVAL || moved == -Errno.EINVAL ? XdpAction.Drop
            : XdpAction.Pass;
    }
}
