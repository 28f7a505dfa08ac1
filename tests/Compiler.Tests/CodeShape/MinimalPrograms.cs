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
}
