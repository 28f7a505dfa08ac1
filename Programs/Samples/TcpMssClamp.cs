namespace TraitsBpf.Samples;

/// <summary>
/// Clamps the maximum segment size announced in TCP SYNs over IPv4, for links with a smaller
/// MTU than the endpoints believe (tunnels, PPPoE). Walks the TCP options in a bounded loop,
/// lowers an MSS above the limit and fixes the TCP checksum incrementally.
/// </summary>
public static class TcpMssClamp
{
    /// <summary>The largest MSS let through.</summary>
    public const ushort MaxSegmentSize = 1360;

    private const byte OptionEnd = 0;
    private const byte OptionNop = 1;
    private const byte OptionMss = 2;
    private const byte Syn = 0x02;
    private const int MaxOptionBytes = 40;

    /// <summary>The TC program; it never drops.</summary>
    [Tc("mss_clamp", TcDirection.Egress)]
    public static unsafe TcAction Run(TcContext ctx)
    {
        EthernetHeader* eth = ctx.Header<EthernetHeader>(0);
        if (eth == null || eth->EtherType != Net.Htons(EtherType.IPv4))
        {
            return TcAction.Ok;
        }

        IPv4Header* ip = ctx.Header<IPv4Header>(sizeof(EthernetHeader));
        if (ip == null || ip->Protocol != IpProtocol.Tcp || ip->HeaderLength < sizeof(IPv4Header))
        {
            return TcAction.Ok;
        }

        int tcpOffset = sizeof(EthernetHeader) + ip->HeaderLength;
        TcpHeader* tcp = ctx.Header<TcpHeader>(tcpOffset);
        if (tcp == null || (tcp->Flags & Syn) == 0)
        {
            return TcAction.Ok;
        }

        int optionsLength = tcp->HeaderLength - sizeof(TcpHeader);
        int offset = 0;
        for (int step = 0; step < MaxOptionBytes && offset < optionsLength; step++)
        {
            byte* kind = ctx.Header<byte>(tcpOffset + sizeof(TcpHeader) + offset);
            if (kind == null || *kind == OptionEnd)
            {
                break;
            }

            if (*kind == OptionNop)
            {
                offset++;
                continue;
            }

            byte* option = ctx.Header<byte>(tcpOffset + sizeof(TcpHeader) + offset + 1);
            if (option == null || *option < 2)
            {
                break;
            }

            if (*kind == OptionMss && *option == 4)
            {
                ushort* mss = (ushort*)ctx.Header<uint>(tcpOffset + sizeof(TcpHeader) + offset);
                if (mss != null && Net.Ntohs(mss[1]) > MaxSegmentSize)
                {
                    ushort clamped = Net.Htons(MaxSegmentSize);
                    tcp->Checksum = Checksum.Replace16(tcp->Checksum, mss[1], clamped);
                    mss[1] = clamped;
                }

                break;
            }

            offset += *option;
        }

        return TcAction.Ok;
    }
}
