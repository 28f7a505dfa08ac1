namespace TraitsBpf.Compiler.Tests.Rejected;

/// <summary>Classic packet loads the compiler must refuse: in an XDP program (the verifier would), in a subprogram (managed execution could not agree).</summary>
public static partial class RejectedPrograms
{
    [Xdp("bad_ld_abs_xdp")]
    public static XdpAction ClassicLoadInXdp(XdpContext ctx) =>
        ctx.LoadHalf(12) == 0x0800 ? XdpAction.Pass : XdpAction.Drop; // rejected: classic load in XDP

    [Tc("bad_ld_abs_subprogram")]
    public static TcAction ClassicLoadInASubprogram(TcContext ctx) => (TcAction)EtherTypeOf(ctx);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static uint EtherTypeOf(TcContext ctx) => ctx.LoadHalf(12); // rejected: classic load in a subprogram
}
