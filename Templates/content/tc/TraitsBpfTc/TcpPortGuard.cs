using TraitsBpf;

namespace TraitsBpfTc;

/// <summary>
/// Drops IPv4 TCP segments to one port at TC ingress; everything else continues unchanged.
/// </summary>
public static class TcpPortGuard
{
    /// <summary>The TCP destination port that is dropped (a .rodata constant: traitsbpf load --set BlockedPort=22).</summary>
    public static readonly ushort BlockedPort = 23;

    /// <summary>The TC program.</summary>
    [Tc("tcp_port_guard", TcDirection.Ingress)]
    public static unsafe TcAction Run(TcContext ctx)
    {
        EthernetHeader* eth = ctx.Header<EthernetHeader>(0);
        if (eth == null || eth->EtherType != Net.Htons(EtherType.IPv4))
            return TcAction.Ok;

        IPv4Header* ip = ctx.Header<IPv4Header>(sizeof(EthernetHeader));
        if (ip == null || ip->Protocol != IpProtocol.Tcp || ip->HeaderLength < sizeof(IPv4Header))
            return TcAction.Ok;

        TcpHeader* tcp = ctx.Header<TcpHeader>(sizeof(EthernetHeader) + ip->HeaderLength);
        if (tcp == null)
            return TcAction.Ok;
        return Net.Ntohs(tcp->DestinationPort) == BlockedPort ? TcAction.Shot : TcAction.Ok;
    }
}
