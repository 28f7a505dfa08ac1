namespace TraitsBpf.Compiler.Tests.CodeShape;

/// <summary>Small programs whose exact code is known: what clang emits for the same C.</summary>
public static unsafe class MinimalPrograms
{
    [Xdp("min_pass")]
    public static XdpAction Pass(XdpContext ctx) => XdpAction.Pass;

    [Xdp("min_check")]
    public static XdpAction BoundsCheck(XdpContext ctx)
    {
        EthernetHeader* eth = ctx.Header<EthernetHeader>(0);
        return eth == null ? XdpAction.Drop : XdpAction.Pass;
    }

    [Tc("min_ld_abs")]
    public static TcAction ClassicLoad(TcContext ctx) => (TcAction)ctx.LoadHalf(12);

    [Tc("min_ld_ind")]
    public static TcAction ClassicLoadAtALoadedOffset(TcContext ctx)
    {
        uint first = ctx.LoadByte(0);
        return (TcAction)(ctx.LoadHalf((int)first) + first);
    }

    [Tc("min_mark")]
    public static TcAction Mark(TcContext ctx)
    {
        ctx.Mark = ctx.Mark | 0x10;
        return TcAction.Ok;
    }

    private static readonly Trait<ulong> Stamp = new("min_stamp");

    [Xdp("min_masks")]
    public static XdpAction TwoUsesOfAMask(XdpContext ctx)
    {
        ulong* words = ctx.Header<ulong>(0);
        if (words == null)
        {
            return XdpAction.Aborted;
        }

        // The same 64-bit constant twice in one block: one ld_imm64 serves both.
        ulong a = words[0] & 0x5555555555555555UL;
        ulong b = (words[0] >> 1) & 0x5555555555555555UL;
        return a == b ? XdpAction.Drop : XdpAction.Pass;
    }

    [Xdp("min_shifts")]
    public static XdpAction ShiftsByOneCount(XdpContext ctx)
    {
        ulong* words = ctx.Header<ulong>(0);
        if (words == null)
        {
            return XdpAction.Aborted;
        }

        // C# masks each count with & 63; BPF masks register counts itself, so one mask is all it takes.
        int k = (int)(words[0] & 0xFF);
        return ((words[0] >> k) & (1UL << k)) != 0 ? XdpAction.Drop : XdpAction.Pass;
    }

    [Xdp("min_trait_set")]
    public static XdpAction SetATrait(XdpContext ctx) =>
        ctx.Traits.Set(Stamp, TraitsBpf.Bpf.KtimeGetNs()) == 0 ? XdpAction.Pass : XdpAction.Aborted;

    [Xdp("min_loop_and")]
    public static XdpAction SumsWithTwoBounds(XdpContext ctx)
    {
        ushort* words = (ushort*)ctx.Data;
        if (ctx.Data + 64 > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        // Once the length is a constant, the second test bounds the loop at ten trips: clang unrolls it.
        const int Length = 20;
        uint sum = 0;
        for (int i = 0; i < 32 && 2 * i < Length; i++)
        {
            sum += words[i];
        }

        return sum > 0x10000 ? XdpAction.Drop : XdpAction.Pass;
    }

    [Xdp("min_loop_break")]
    public static XdpAction CountsUntilAZero(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 8 > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        // A break on packet data stays in each copy; the count after the loop merges the copies' values.
        int n = 0;
        for (int i = 0; i < 8; i++)
        {
            if (p[i] == 0)
            {
                break;
            }

            n += p[i] & 1;
        }

        return n > 3 ? XdpAction.Drop : XdpAction.Pass;
    }

    [Xdp("min_loop_return")]
    public static XdpAction ReturnsFromInsideALoop(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 8 > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        // Each copy keeps its own way out to the return, as hdr_parser's header loops do.
        uint sum = 0;
        for (int i = 0; i < 8; i++)
        {
            if (p[i] == 0xFF)
            {
                return XdpAction.Drop;
            }

            sum += p[i];
        }

        return sum > 1000 ? XdpAction.Tx : XdpAction.Pass;
    }

    [Xdp("min_range")]
    public static XdpAction TestsAPortRange(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 2 > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        // clang: w -= 5060; if w > 20 goto ... (one comparison for the two bounds).
        int port = (p[0] << 8) | p[1];
        return port >= 5060 && port <= 5080 ? XdpAction.Drop : XdpAction.Pass;
    }

    private static readonly ArrayMap<ulong> Bytes = new(maxEntries: 2);

    [Xdp("min_walk_unused")]
    public static XdpAction TestsOnlyTheWalksSign(XdpContext ctx)
    {
        // clang: the walk returns -1 or a 16-bit EtherType, so `< 0` is the first bounds check
        // alone, and the walk, whose result nothing else uses, goes.
        return SkipTags(ctx.Data, ctx.DataEnd) < 0 ? XdpAction.Drop : XdpAction.Pass;
    }

    [Xdp("min_copy_through_out")]
    public static XdpAction SwapsAddressesFoundThroughAnOutParameter(XdpContext ctx)
    {
        if (!Find(ctx, out EthernetHeader* eth))
        {
            return XdpAction.Aborted;
        }

        // The frontend sees an address of unknown kind here; once promoted it is the packet's,
        // and the copies are as wide as clang's (4 + 2 bytes per address).
        byte* saved = stackalloc byte[6];
        System.Runtime.CompilerServices.Unsafe.CopyBlock(saved, eth->Source, 6);
        System.Runtime.CompilerServices.Unsafe.CopyBlock(eth->Source, eth->Destination, 6);
        System.Runtime.CompilerServices.Unsafe.CopyBlock(eth->Destination, saved, 6);
        return XdpAction.Tx;
    }

    [Xdp("min_length_after_call")]
    public static XdpAction CountsBytesAfterALookup(XdpContext ctx)
    {
        byte* data = ctx.Data;
        byte* end = ctx.DataEnd;
        if (data + 1 > end)
        {
            return XdpAction.Aborted;
        }

        uint key = data[0] & 1u;
        ulong* count = Bytes.Lookup(key);
        if (count != null)
        {
            // clang reads data and data_end again here rather than keeping them across the call.
            *count += (ulong)(ctx.DataEnd - ctx.Data);
        }

        return XdpAction.Pass;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static int SkipTags(byte* data, byte* end)
    {
        if (data + sizeof(EthernetHeader) > end)
        {
            return -1;
        }

        var eth = (EthernetHeader*)data;
        ushort proto = eth->EtherType;
        var tag = (VlanHeader*)(eth + 1);
        for (int i = 0; i < 4; i++)
        {
            if (proto != Net.Htons(EtherType.Vlan) || (byte*)(tag + 1) > end)
            {
                break;
            }

            proto = tag->EncapsulatedProtocol;
            tag++;
        }

        return proto;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static bool Find(XdpContext ctx, out EthernetHeader* eth)
    {
        eth = ctx.Header<EthernetHeader>(0);
        return eth != null;
    }
}
