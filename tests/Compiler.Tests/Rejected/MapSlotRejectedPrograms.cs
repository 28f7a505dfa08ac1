namespace TraitsBpf.Compiler.Tests.Rejected;

/// <summary>What the kernel refuses of programs in CPU and device map slots, refused at the line.</summary>
public static unsafe partial class RejectedPrograms
{
    private static readonly DevMap EgressPorts = new(4, programs: true);

    [Xdp("bad_egress_ifindex")]
    public static XdpAction EgressOutsideADevMap(XdpContext ctx) =>
        ctx.EgressIfindex == 1 ? XdpAction.Drop : XdpAction.Pass; // rejected: egress ifindex

    [Xdp("bad_devmap_redirect", XdpAttach.DevMap)]
    public static XdpAction RedirectFromADevMap(XdpContext ctx) =>
        ctx.EgressIfindex == 1 ? EgressPorts.Redirect(2) : XdpAction.Pass; // rejected: devmap redirect

    [Xdp("bad_cpumap_tx", XdpAttach.CpuMap)]
    public static XdpAction TransmitFromACpuMap(XdpContext ctx)
    {
        return XdpAction.Tx; // rejected: cpumap tx
    }
}
