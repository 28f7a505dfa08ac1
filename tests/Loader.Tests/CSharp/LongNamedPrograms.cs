namespace TraitsBpf.Loader.Tests.CSharp;

/// <summary>Programs whose names are longer than the kernel's 15 characters, as public programs' often are.</summary>
public static class LongNamedPrograms
{
    [Xdp("balancer_ingress_long_name")]
    public static unsafe XdpAction BalancerIngress(XdpContext ctx) => ctx.Data + 20 < ctx.DataEnd ? XdpAction.Drop : XdpAction.Pass;
}
