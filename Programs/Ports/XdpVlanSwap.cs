namespace TraitsBpf.Ports;

/// <summary>
/// Port of c/xdp_vlan_swap.bpf.c (xdp-tutorial's packet02 solution, xdp_vlan_swap_func): pops
/// the outermost VLAN tag of a tagged frame, pushes a tag with VLAN id 1 onto an untagged one,
/// and passes every frame.
/// </summary>
public static unsafe class XdpVlanSwap
{
    /// <summary>The XDP program.</summary>
    [Xdp("xdp_vlan_swap_func")]
    public static XdpAction XdpVlanSwapFunc(XdpContext ctx)
    {
        byte* dataEnd = ctx.DataEnd;
        byte* data = ctx.Data;
        HeaderCursor nh;
        int nhType;

        nh.Position = data;

        EthernetHeader* eth;

        nhType = ParsingHelpers.ParseEthernetHeader(ref nh, dataEnd, out eth);
        if (nhType < 0)
        {
            return XdpAction.Pass;
        }

        if (ParsingHelpers.ProtoIsVlan(eth->EtherType))
        {
            RewriteHelpers.VlanTagPop(ctx, eth);
        }
        else
        {
            RewriteHelpers.VlanTagPush(ctx, eth, 1);
        }

        return XdpAction.Pass;
    }
}
