namespace TraitsBpf.Compiler.Tests.Rejected;

/// <summary>XDP programs the compiler must refuse because the verifier would: a classic packet load.</summary>
public static partial class RejectedPrograms
{
    [Xdp("bad_ld_abs_xdp")]
    public static XdpAction ClassicLoadInXdp(XdpContext ctx) =>
        ctx.LoadHalf(12) == 0x0800 ? XdpAction.Pass : XdpAction.Drop; // rejected: classic load in XDP
}
