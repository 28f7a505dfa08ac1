namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>
/// A SYN proxy at XDP for one TCP port: it answers each SYN itself with a SYN-ACK whose sequence number is a SYN
/// cookie and whose MSS option is the MSS the cookie encodes, keeping no state, and then takes the ACK that completes
/// the handshake only if it acknowledges a valid cookie. A real proxy would now open the connection to the server
/// behind it with that MSS; this one counts what it saw and drops it, and drops every other packet to the port.
/// IPv4 without IP options.
/// </summary>
public static unsafe class SynProxyPrograms
{
    /// <summary>The port the proxy answers for.</summary>
    public const ushort ProtectedPort = 8080;

    /// <summary>The count of SYNs answered with a cookie.</summary>
    public const uint Answered = 0;

    /// <summary>The count of ACKs acknowledging a valid cookie.</summary>
    public const uint Accepted = 1;

    /// <summary>The count of ACKs acknowledging anything else.</summary>
    public const uint Refused = 2;

    /// <summary>The counts, by <see cref="Answered"/>, <see cref="Accepted"/> and <see cref="Refused"/>.</summary>
    public static readonly ArrayMap<ulong> SynProxyCounts = new(maxEntries: 3);

    private const int IpOffset = 14;
    private const int TcpOffset = IpOffset + 20;
    private const int LongestTcpHeader = 60;

    // The SYN-ACK's TCP header: 20 bytes and the MSS option.
    private const int SynAckTcpLength = 24;
    private const int SynAckLength = TcpOffset + SynAckTcpLength;
    private const byte SynFlag = 0x02;
    private const byte AckFlag = 0x10;

    [Xdp("h_syn_proxy")]
    public static XdpAction Run(XdpContext ctx)
    {
        EthernetHeader* eth = ctx.Header<EthernetHeader>(0);
        IPv4Header* ip = ctx.Header<IPv4Header>(IpOffset);
        TcpHeader* tcp = ctx.Header<TcpHeader>(TcpOffset);
        if (eth == null || ip == null || tcp == null || eth->EtherType != Net.Htons(EtherType.IPv4) || ip->VersionIhl != 0x45
            || ip->Protocol != IpProtocol.Tcp || tcp->DestinationPort != Net.Htons(ProtectedPort))
        {
            return XdpAction.Pass;
        }

        if (tcp->Flags == SynFlag)
        {
            return Answer(ctx, ip, tcp->HeaderLength);
        }

        if (tcp->Flags == AckFlag)
        {
            Count(ctx.CheckSynCookie(ip, tcp) == 0 ? Accepted : Refused);
        }

        return XdpAction.Drop;
    }

    /// <summary>Turns the SYN into the SYN-ACK carrying its cookie, in place, and sends it back.</summary>
    private static XdpAction Answer(XdpContext ctx, IPv4Header* ip, int tcpLength)
    {
        // The helper reads all of the header its length may cover, and the SYN may end sooner than 60 bytes of
        // TCP header would: a copy on the stack has room for the longest.
        if (tcpLength < sizeof(TcpHeader))
        {
            return XdpAction.Drop;
        }

        byte* header = stackalloc byte[LongestTcpHeader];
        if (ctx.LoadBytes(TcpOffset, header, tcpLength) != 0)
        {
            return XdpAction.Drop;
        }

        SynCookie cookie = ctx.GenerateSynCookie(ip, (TcpHeader*)header, tcpLength);
        if (!cookie.IsIssued || ctx.AdjustTail(SynAckLength - (int)(ctx.DataEnd - ctx.Data)) != 0)
        {
            return XdpAction.Drop;
        }

        byte* data = ctx.Data;
        if (data + SynAckLength > ctx.DataEnd)
        {
            return XdpAction.Drop;
        }

        var syn = (TcpHeader*)header;
        SwapMacs((EthernetHeader*)data);
        var reply = (IPv4Header*)(data + IpOffset);
        uint client = reply->Source;
        reply->Source = reply->Destination;
        reply->Destination = client;
        ushort totalLength = reply->TotalLength;
        reply->TotalLength = Net.Htons(20 + SynAckTcpLength);
        reply->Checksum = Checksum.Replace16(reply->Checksum, totalLength, reply->TotalLength);

        var tcp = (TcpHeader*)(data + TcpOffset);
        tcp->SourcePort = syn->DestinationPort;
        tcp->DestinationPort = syn->SourcePort;
        tcp->Sequence = Net.Htonl(cookie.Cookie);
        tcp->Acknowledgment = Net.Htonl(Net.Ntohl(syn->Sequence) + 1);
        tcp->DataOffset = SynAckTcpLength / 4 << 4;
        tcp->Flags = SynFlag | AckFlag;
        tcp->Window = Net.Htons(65535);
        tcp->Checksum = 0;
        tcp->UrgentPointer = 0;
        byte* mss = (byte*)(tcp + 1);
        mss[0] = 2;
        mss[1] = 4;
        *(ushort*)(mss + 2) = Net.Htons(cookie.Mss);
        tcp->Checksum = TcpChecksum(reply, (ushort*)tcp);
        Count(Answered);
        return XdpAction.Tx;
    }

    private static void SwapMacs(EthernetHeader* eth)
    {
        for (int i = 0; i < 6; i++)
        {
            byte b = eth->Destination[i];
            eth->Destination[i] = eth->Source[i];
            eth->Source[i] = b;
        }
    }

    /// <summary>The checksum of the SYN-ACK's TCP header with its pseudo-header (addresses, protocol, length).</summary>
    private static ushort TcpChecksum(IPv4Header* ip, ushort* tcp)
    {
        uint sum = (ip->Source & 0xFFFF) + (ip->Source >> 16) + (ip->Destination & 0xFFFF) + (ip->Destination >> 16)
            + Net.Htons(IpProtocol.Tcp) + Net.Htons(SynAckTcpLength);
        for (int i = 0; i < SynAckTcpLength / 2; i++)
        {
            sum += tcp[i];
        }

        return (ushort)~Checksum.Fold(sum);
    }

    private static void Count(uint counter)
    {
        ulong* count = SynProxyCounts.Lookup(counter);
        if (count != null)
        {
            Interlocked.Increment(ref *count);
        }
    }
}
