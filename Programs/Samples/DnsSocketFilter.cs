namespace TraitsBpf.Samples;

/// <summary>
/// A socket filter that keeps only DNS: IPv4 UDP datagrams to or from port 53, cut to the first
/// 512 bytes; everything else is dropped before it reaches the socket. Socket filters cannot
/// point into the packet, so it copies the headers out with <c>LoadBytes</c>. The packet starts
/// at the IP header, as a socket filter on an IP socket sees it.
/// </summary>
public static class DnsSocketFilter
{
    /// <summary>Bytes of a DNS packet kept.</summary>
    public const uint SnapLength = 512;

    private const ushort DnsPort = 53;

    /// <summary>The socket filter: the number of bytes to keep, 0 to drop.</summary>
    [SocketFilter("dns_only")]
    public static unsafe uint Run(SocketContext ctx)
    {
        IPv4Header ip;
        if (ctx.LoadBytes(0, &ip, sizeof(IPv4Header)) != 0 || ip.Version != 4 || ip.Protocol != IpProtocol.Udp)
        {
            return 0;
        }

        UdpHeader udp;
        if (ctx.LoadBytes(ip.HeaderLength, &udp, sizeof(UdpHeader)) != 0)
        {
            return 0;
        }

        if (udp.SourcePort != Net.Htons(DnsPort) && udp.DestinationPort != Net.Htons(DnsPort))
        {
            return 0;
        }

        return ctx.Length < SnapLength ? ctx.Length : SnapLength;
    }
}
