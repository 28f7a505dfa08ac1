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
}
