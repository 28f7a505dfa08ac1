namespace TraitsBpf.Programs.Tests.Globals;

/// <summary>A filter whose configuration is a struct global set by a constructor and an object initializer.</summary>
public static unsafe class ConfiguredPrograms
{
    public const ushort BlockedPort = 7777;

    private static readonly FilterConfig Config = new(BlockedPort) { Protocol = IpProtocol.Udp };

    [Xdp("config_filter")]
    public static XdpAction Run(XdpContext ctx)
    {
        IPv4Header* ip = ctx.Header<IPv4Header>(sizeof(EthernetHeader));
        UdpHeader* udp = ctx.Header<UdpHeader>(sizeof(EthernetHeader) + sizeof(IPv4Header));
        if (ip == null || udp == null || ip->Protocol != Config.Protocol || udp->DestinationPort != Config.PortNetworkOrder)
        {
            return XdpAction.Pass;
        }

        return (XdpAction)Config.DropAction;
    }
}
