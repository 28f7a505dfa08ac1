namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>What <see cref="NonLinearSkbPrograms.ReadDeep"/> saw of the last datagram to its port.</summary>
public struct DeepRead
{
    /// <summary>Datagrams seen.</summary>
    public ulong Packets;

    /// <summary>skb->len: the whole frame.</summary>
    public ulong Length;

    /// <summary>data_end - data: the linear part (skb_headlen), all direct packet access reaches.</summary>
    public ulong Linear;

    /// <summary>The 8 bytes from 4 before the linear part's end.</summary>
    public ulong AcrossLinearEnd;

    /// <summary>The 8 bytes at <see cref="NonLinearSkbPrograms.DeepOffset"/>.</summary>
    public ulong Deep;

    /// <summary>The frame's last 8 bytes.</summary>
    public ulong Last;

    /// <summary>The three loads' results, one byte each (0 or -errno).</summary>
    public uint Results;
}

/// <summary>A TC ingress program that reads a large datagram's bytes past the sk_buff's linear part with bpf_skb_load_bytes.</summary>
public static unsafe class NonLinearSkbPrograms
{
    /// <summary>The UDP port the program records datagrams to.</summary>
    public const ushort DeepPort = 9432;

    /// <summary>An offset deep in a 30,000-byte datagram, far past any linear part the sender builds.</summary>
    public const int DeepOffset = 20000;

    /// <summary>The one record.</summary>
    public static readonly ArrayMap<DeepRead> DeepReads = new(1);

    /// <summary>For IPv4 UDP to <see cref="DeepPort"/>: the lengths and three 8-byte loads; every packet goes on.</summary>
    [Tc("s_read_deep")]
    public static TcAction ReadDeep(TcContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 38 > ctx.DataEnd || *(ushort*)(data + 12) != Net.Htons(0x0800) || data[23] != 17 || *(ushort*)(data + 36) != Net.Htons(DeepPort))
        {
            return TcAction.Ok;
        }

        DeepRead* read = DeepReads.Lookup(0);
        if (read == null)
        {
            return TcAction.Ok;
        }

        int linear = (int)(ctx.DataEnd - data);
        uint length = ctx.Length;
        ulong across = 0, deep = 0, last = 0;
        int acrossResult = ctx.LoadBytes(linear - 4, &across, sizeof(ulong));
        int deepResult = ctx.LoadBytes(DeepOffset, &deep, sizeof(ulong));
        int lastResult = ctx.LoadBytes((int)length - 8, &last, sizeof(ulong));
        read->Packets++;
        read->Length = length;
        read->Linear = (ulong)linear;
        read->AcrossLinearEnd = across;
        read->Deep = deep;
        read->Last = last;
        read->Results = ((uint)acrossResult & 0xFF) | ((uint)deepResult & 0xFF) << 8 | ((uint)lastResult & 0xFF) << 16;
        return TcAction.Ok;
    }
}
