using System.Runtime.InteropServices;

namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>What the perf event programs write: 12 bytes, so a record with no packet bytes needs no perf padding.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct PerfSample
{
    /// <summary>The packet's length.</summary>
    public uint Length;

    /// <summary>The packet's first byte (the mode).</summary>
    public uint Mode;

    /// <summary>A constant, to tell the record from padding.</summary>
    public uint Marker;
}

/// <summary>
/// XDP, TC and socket filter programs that emit a <see cref="PerfSample"/> per packet into <see cref="Events"/>, as the packet asks:
/// byte 0 is the mode (0: to the current CPU's slot; 1: with the packet's first <c>u16 at byte 2</c> bytes appended;
/// 2: to slot 100000, past the array; 3: to the slot the byte at 1 names), and the helper's result is written at byte 4.
/// </summary>
public static unsafe class PerfEventPrograms
{
    /// <summary>The perf event array, one slot per possible CPU.</summary>
    public static readonly PerfEventArray Events = new();

    /// <summary>An array of eight slots, for the BTF comparison with clang's <c>__uint(max_entries, 8)</c>.</summary>
    public static readonly PerfEventArray EightSlots = new(8);

    /// <summary>Writes to <see cref="EightSlots"/>, so that the object declares it (compiled only for its BTF).</summary>
    [Xdp("h_perf_sized")]
    public static XdpAction Sized(XdpContext ctx) => EightSlots.Output(ctx, 0u) == 0 ? XdpAction.Pass : XdpAction.Aborted;

    /// <summary>The XDP program.</summary>
    [Xdp("h_perf_xdp")]
    public static XdpAction Xdp(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 8 > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        var sample = new PerfSample { Length = (uint)(ctx.DataEnd - data), Mode = data[0], Marker = 0xFEED };
        uint mode = data[0];
        int result = mode == 1 ? Events.OutputWithPacket(ctx, sample, *(ushort*)(data + 2))
            : mode == 2 ? Events.Output(ctx, sample, 100000)
            : mode == 3 ? Events.Output(ctx, sample, data[1])
            : Events.Output(ctx, sample);
        *(int*)(data + 4) = result;
        return XdpAction.Pass;
    }

    /// <summary>The TC program, the same on an sk_buff.</summary>
    [Tc("h_perf_tc")]
    public static TcAction Tc(TcContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 8 > ctx.DataEnd)
        {
            return TcAction.Shot;
        }

        var sample = new PerfSample { Length = ctx.Length, Mode = data[0], Marker = 0xFEED };
        uint mode = data[0];
        int result = mode == 1 ? Events.OutputWithPacket(ctx, sample, *(ushort*)(data + 2))
            : mode == 2 ? Events.Output(ctx, sample, 100000)
            : mode == 3 ? Events.Output(ctx, sample, data[1])
            : Events.Output(ctx, sample);
        *(int*)(data + 4) = result;
        return TcAction.Ok;
    }

    /// <summary>
    /// The socket filter, the same on the packet after its Ethernet header, which it reads with bpf_skb_load_bytes (a
    /// socket filter cannot write its packet): it returns the helper's result, as the number of bytes to keep.
    /// </summary>
    [SocketFilter("h_perf_socket")]
    public static uint Socket(SocketContext ctx)
    {
        byte* head = stackalloc byte[4];
        if (ctx.LoadBytes(0, head, 4) != 0)
        {
            return 0;
        }

        var sample = new PerfSample { Length = ctx.Length, Mode = head[0], Marker = 0xFEED };
        uint mode = head[0];
        int result = mode == 1 ? Events.OutputWithPacket(ctx, sample, *(ushort*)(head + 2))
            : mode == 2 ? Events.Output(ctx, sample, 100000)
            : mode == 3 ? Events.Output(ctx, sample, head[1])
            : Events.Output(ctx, sample);
        return (uint)result;
    }
}
