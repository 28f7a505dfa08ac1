using TraitsBpf.Programs.Tests.Packets;

namespace TraitsBpf.Programs.Tests.Helpers.SocketCasts;

/// <summary>
/// Programs that find a socket (a lookup by the packet's tuple, the packet's own socket) and read the kernel's own
/// struct of it through the bpf_skc_to_* casts: each writes what it read over the packet after its headers, or into
/// a map, for the tests to compare with what user space knows of the socket and with managed execution.
/// </summary>
public static unsafe class SocketCastPrograms
{
    /// <summary>Where the TC programs write their report in the packet: past an IPv6 TCP packet's headers.</summary>
    public const int ReportOffset = 80;

    private const int L4v4 = 14 + 20;
    private const int L4v6 = 14 + 40;

    /// <summary>The TCP socket of an IPv4 or IPv6 packet's tuple, read as the kernel's tcp_sock (and tcp6_sock).</summary>
    [Tc("h_skc_tcp")]
    public static TcAction TcpCast(TcContext ctx)
    {
        byte* data = ctx.Data;
        if (data + ReportOffset + sizeof(TcpCastReport) > ctx.DataEnd)
        {
            return TcAction.Ok;
        }

        var report = (TcpCastReport*)(data + ReportOffset);
        if (IsIPv6(data))
        {
            var tuple = Tuple6(data);
            BpfSocket* socket = ctx.LookupTcp(in tuple);
            if (socket != null)
            {
                DescribeTcp(report, socket);
                socket->Release();
            }
        }
        else
        {
            var tuple = Tuple4(data);
            BpfSocket* socket = ctx.LookupTcp(in tuple);
            if (socket != null)
            {
                DescribeTcp(report, socket);
                socket->Release();
            }
        }

        return TcAction.Ok;
    }

    /// <summary>The same lookup at XDP: which casts answer, and the tcp_sock's MSS and state, over the packet's first 12 bytes.</summary>
    [Xdp("h_skc_xdp")]
    public static XdpAction XdpCast(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + ReportOffset > ctx.DataEnd || IsIPv6(data))
        {
            return XdpAction.Pass;
        }

        var tuple = Tuple4(data);
        BpfSocketCommon* socket = ctx.LookupTcpCommon(in tuple);
        if (socket == null)
        {
            return XdpAction.Drop;
        }

        *(uint*)data = CastBits(socket);
        TcpSock* tcp = socket->ToTcpSock();
        *(uint*)(data + 4) = tcp == null ? 0 : tcp->MssCache;
        *(uint*)(data + 8) = tcp == null ? 0u : tcp->Common.State;
        socket->Release();
        return XdpAction.Pass;
    }

    /// <summary>The UDP socket of an IPv6 datagram's tuple, read as the kernel's udp6_sock.</summary>
    [Tc("h_skc_udp6")]
    public static TcAction Udp6Cast(TcContext ctx)
    {
        byte* data = ctx.Data;
        if (data + ReportOffset + sizeof(Udp6CastReport) > ctx.DataEnd || !IsIPv6(data))
        {
            return TcAction.Ok;
        }

        var report = (Udp6CastReport*)(data + ReportOffset);
        var tuple = Tuple6(data);
        BpfSocket* socket = ctx.LookupUdp(in tuple);
        if (socket == null)
        {
            return TcAction.Ok;
        }

        report->Casts = CastBits(socket);
        Udp6Sock* udp = socket->ToUdp6Sock();
        if (udp != null)
        {
            ref readonly SockCommon common = ref udp->Common;
            report->Family = common.Family;
            report->State = common.State;
            report->SourcePort = common.SourcePort;
            report->Cookie = (ulong)common.Cookie.Counter;
            for (int i = 0; i < 4; i++)
            {
                report->SourceIPv6[i] = common.SourceIPv6.Words.Word[i];
                report->Inet6Source[i] = udp->Inet6.SourceAddress.Words.Word[i];
            }

            report->Protocol = udp->Sock.Protocol;
            report->Type = udp->Sock.Type;
            report->ReceiveBufferSize = udp->Sock.ReceiveBufferSize;
            report->Inode = udp->Sock.Inode;
            report->GsoSize = udp->Udp.GsoSize;
            report->HopLimit = udp->Inet6.HopLimit;
            report->TrafficClass = udp->Inet6.TrafficClass;
        }

        socket->Release();
        return TcAction.Ok;
    }

    /// <summary>Any TCP socket of an IPv4 packet's tuple (bpf_skc_lookup_tcp), read as the kernel's tcp_timewait_sock.</summary>
    [Tc("h_skc_timewait")]
    public static TcAction TimewaitCast(TcContext ctx)
    {
        byte* data = ctx.Data;
        if (data + ReportOffset + sizeof(TimewaitCastReport) > ctx.DataEnd || IsIPv6(data))
        {
            return TcAction.Ok;
        }

        var report = (TimewaitCastReport*)(data + ReportOffset);
        var tuple = Tuple4(data);
        BpfSocketCommon* socket = ctx.LookupTcpCommon(in tuple);
        if (socket == null)
        {
            return TcAction.Ok;
        }

        report->Casts = CastBits(socket);
        TcpTimewaitSock* timewait = socket->ToTcpTimewaitSock();
        if (timewait != null)
        {
            ref readonly SockCommon common = ref timewait->Common;
            report->Family = common.Family;
            report->State = common.State;
            report->SourcePort = common.SourcePort;
            report->DestinationPort = common.DestinationPort;
            report->SourceIPv4 = common.SourceIPv4;
            report->DestinationIPv4 = common.DestinationIPv4;
            report->ReceiveNext = common.TimewaitReceiveNext;
            report->SendNext = common.TimewaitSendNext;
            report->Substate = timewait->Timewait.Substate;
            report->Mark = timewait->Timewait.Mark;
            report->Priority = timewait->Timewait.Priority;
        }

        socket->Release();
        return TcAction.Ok;
    }

    /// <summary>Slot 0: the last SYN-ACK's request socket.</summary>
    public static readonly ArrayMap<RequestCastReport> Requests = new(1);

    /// <summary>
    /// At TC egress, a SYN-ACK's own socket (<see cref="TcContext.Socket"/>) read as the kernel's tcp_request_sock,
    /// beside the SYN-ACK's sequence and acknowledgment numbers, into <see cref="Requests"/>.
    /// </summary>
    [Tc("h_skc_request", TcDirection.Egress)]
    public static TcAction RequestCast(TcContext ctx)
    {
        byte* data = ctx.Data;
        if (data + L4v4 + 20 > ctx.DataEnd || IsIPv6(data) || data[14 + 9] != IpProtocol.Tcp || data[L4v4 + 13] != 0x12)
        {
            return TcAction.Ok;
        }

        RequestCastReport* report = Requests.Lookup(0);
        BpfSocketCommon* socket = ctx.Socket;
        if (report == null || socket == null)
        {
            return TcAction.Ok;
        }

        report->Casts = CastBits(socket);
        report->PacketSequence = Net.Ntohl(*(uint*)(data + L4v4 + 4));
        report->PacketAcknowledgment = Net.Ntohl(*(uint*)(data + L4v4 + 8));
        TcpRequestSock* request = socket->ToTcpRequestSock();
        if (request != null)
        {
            report->Found = 1;
            ref readonly SockCommon common = ref request->Common;
            report->Family = common.Family;
            report->State = common.State;
            report->SourcePort = common.SourcePort;
            report->DestinationPort = common.DestinationPort;
            report->SourceIPv4 = common.SourceIPv4;
            report->DestinationIPv4 = common.DestinationIPv4;
            report->Mss = request->Request.Mss;
            report->ReceiveInitialSequence = request->ReceiveInitialSequence;
            report->SendInitialSequence = request->SendInitialSequence;
            report->ReceiveNext = request->ReceiveNext;
        }

        return TcAction.Ok;
    }

    /// <summary>Slot 0: the receiving socket, when the last datagram came.</summary>
    public static readonly ArrayMap<UnixCastReport> UnixReceivers = new(1);

    /// <summary>
    /// On a unix datagram socket, the socket itself (<see cref="SocketContext.Socket"/>) read as the kernel's unix_sock
    /// when a datagram comes, into <see cref="UnixReceivers"/>; every datagram is kept whole.
    /// </summary>
    [SocketFilter("h_skc_unix")]
    public static uint UnixCast(SocketContext ctx)
    {
        UnixCastReport* report = UnixReceivers.Lookup(0);
        BpfSocketCommon* socket = ctx.Socket;
        if (report == null || socket == null)
        {
            return 0xFFFF;
        }

        report->Casts = CastBits(socket);
        UnixSock* unix = socket->ToUnixSock();
        if (unix != null)
        {
            report->Found = 1;
            report->Family = unix->Common.Family;
            report->Cookie = (ulong)unix->Common.Cookie.Counter;
            report->Type = unix->Sock.Type;
            report->Protocol = unix->Sock.Protocol;
            report->Inode = unix->Sock.Inode;
            UnixAddress* address = unix->Address;
            report->AddressLength = address == null ? -1 : address->Length;
            Sock* peer = unix->Peer;
            report->PeerInode = peer == null ? 0 : peer->Inode;
        }

        return 0xFFFF;
    }

    /// <summary>The TCP subflow of an IPv4 packet's tuple, and the MPTCP connection it belongs to (bpf_skc_to_mptcp_sock).</summary>
    [Tc("h_skc_mptcp")]
    public static TcAction MptcpCast(TcContext ctx)
    {
        byte* data = ctx.Data;
        if (data + ReportOffset + sizeof(MptcpCastReport) > ctx.DataEnd || IsIPv6(data))
        {
            return TcAction.Ok;
        }

        var report = (MptcpCastReport*)(data + ReportOffset);
        var tuple = Tuple4(data);
        BpfSocket* subflow = ctx.LookupTcp(in tuple);
        if (subflow == null)
        {
            return TcAction.Ok;
        }

        report->Casts = CastBits(subflow);
        TcpSock* tcp = subflow->ToTcpSock();
        if (tcp != null)
        {
            report->SubflowProtocol = tcp->Sock.Protocol;
        }

        MptcpSock* connection = subflow->ToMptcpSock();
        if (connection != null)
        {
            report->Found = 1;
            report->ConnectionProtocol = connection->Sock.Protocol;
            report->ConnectionFamily = connection->Common.Family;
            report->ConnectionState = connection->Common.State;
            report->ConnectionSourcePort = connection->Common.SourcePort;
            report->ConnectionDestinationPort = connection->Common.DestinationPort;
            report->Token = connection->Token;
            report->WriteSequence = connection->WriteSequence;
            report->SendUnacknowledged = connection->SendUnacknowledged;
            report->AckSequence = connection->AckSequence;
        }

        subflow->Release();
        return TcAction.Ok;
    }

    /// <summary>The packet's own socket at TC: whether there is one, which casts answer for it and its family, over the packet's first 12 bytes.</summary>
    [Tc("h_skc_ctx")]
    public static TcAction ContextSocket(TcContext ctx)
    {
        byte* data = ctx.Data;
        if (data + sizeof(ContextSocketReport) > ctx.DataEnd)
        {
            return TcAction.Ok;
        }

        Describe((ContextSocketReport*)data, ctx.Socket);
        return TcAction.Ok;
    }

    /// <summary>The same in a cgroup skb program, whose packet starts at its IP header.</summary>
    [CgroupSkb("h_skc_cgroup", CgroupSkbDirection.Egress)]
    public static CgroupSkbVerdict CgroupContextSocket(CgroupSkbContext ctx)
    {
        byte* data = ctx.Data;
        if (data + sizeof(ContextSocketReport) > ctx.DataEnd)
        {
            return CgroupSkbVerdict.Allow;
        }

        // Packet memory is read only here: the report goes to a map.
        ContextSocketReport* report = CgroupReports.Lookup(0);
        if (report != null)
        {
            Describe(report, ctx.Socket);
        }

        return CgroupSkbVerdict.Allow;
    }

    /// <summary>Slot 0: what <see cref="CgroupContextSocket"/> saw last.</summary>
    public static readonly ArrayMap<ContextSocketReport> CgroupReports = new(1);

    /// <summary>Which casts of a full socket answer: tcp_sock 1, tcp6_sock 2, udp6_sock 4, unix_sock 8, mptcp_sock 16.</summary>
    public static uint CastBits(BpfSocket* socket) =>
        (socket->ToTcpSock() != null ? 1u : 0) | (socket->ToTcp6Sock() != null ? 2u : 0) | (socket->ToUdp6Sock() != null ? 4u : 0)
        | (socket->ToUnixSock() != null ? 8u : 0) | (socket->ToMptcpSock() != null ? 16u : 0);

    /// <summary>As <see cref="CastBits(BpfSocket*)"/>, and tcp_request_sock 32, tcp_timewait_sock 64.</summary>
    public static uint CastBits(BpfSocketCommon* socket) =>
        (socket->ToTcpSock() != null ? 1u : 0) | (socket->ToTcp6Sock() != null ? 2u : 0) | (socket->ToUdp6Sock() != null ? 4u : 0)
        | (socket->ToUnixSock() != null ? 8u : 0) | (socket->ToMptcpSock() != null ? 16u : 0)
        | (socket->ToTcpRequestSock() != null ? 32u : 0) | (socket->ToTcpTimewaitSock() != null ? 64u : 0);

    private static void Describe(ContextSocketReport* report, BpfSocketCommon* socket)
    {
        if (socket == null)
        {
            report->Found = 0;
            return;
        }

        report->Found = 1;
        report->Casts = CastBits(socket);
        report->Family = socket->Family;
    }

    private static void DescribeTcp(TcpCastReport* report, BpfSocket* socket)
    {
        report->Casts = CastBits(socket);
        TcpSock* tcp = socket->ToTcpSock();
        if (tcp == null)
        {
            return;
        }

        ref readonly SockCommon common = ref tcp->Common;
        report->Family = common.Family;
        report->State = common.State;
        report->SourcePort = common.SourcePort;
        report->DestinationPort = common.DestinationPort;
        report->BoundDeviceIfindex = common.BoundDeviceIfindex;
        report->Cookie = (ulong)common.Cookie.Counter;
        ref readonly Sock sock = ref tcp->Sock;
        report->Protocol = sock.Protocol;
        report->Type = sock.Type;
        report->Mark = sock.Mark;
        report->Priority = sock.Priority;
        report->ReceiveBufferSize = sock.ReceiveBufferSize;
        report->SendBufferSize = sock.SendBufferSize;
        report->Inode = sock.Inode;
        report->PathMtu = tcp->Connection.PathMtu;
        report->SendCongestionWindow = tcp->SendCongestionWindow;
        report->SendSlowStartThreshold = tcp->SendSlowStartThreshold;
        report->RttMicroseconds = tcp->SmoothedRttMicroseconds >> 3;
        report->MssCache = tcp->MssCache;
        report->AdvertisedMss = tcp->AdvertisedMss;
        report->ReceiveNext = tcp->ReceiveNext;
        report->CopiedSequence = tcp->CopiedSequence;
        report->SendNext = tcp->SendNext;
        report->SendUnacknowledged = tcp->SendUnacknowledged;
        report->WriteSequence = tcp->WriteSequence;
        report->SendWindow = tcp->SendWindow;
        report->PacketsOut = tcp->PacketsOut;
        report->SegmentsIn = tcp->SegmentsIn;
        report->SegmentsOut = tcp->SegmentsOut;
        report->DataSegmentsIn = tcp->DataSegmentsIn;
        report->DataSegmentsOut = tcp->DataSegmentsOut;
        report->TotalRetransmits = tcp->TotalRetransmits;
        report->BytesReceived = tcp->BytesReceived;
        report->BytesAcknowledged = tcp->BytesAcknowledged;
        report->BytesSent = tcp->BytesSent;
        report->Delivered = tcp->Delivered;
        // An IPv4 socket's addresses and IP options; an IPv6 socket's are in its tcp6_sock.
        if (common.Family == 2)
        {
            report->SourceIPv4 = common.SourceIPv4;
            report->DestinationIPv4 = common.DestinationIPv4;
            report->UnicastTtl = tcp->Connection.Inet.UnicastTtl;
            report->Tos = tcp->Connection.Inet.Tos;
        }

        Tcp6Sock* tcp6 = socket->ToTcp6Sock();
        if (tcp6 != null)
        {
            for (int i = 0; i < 4; i++)
            {
                report->DestinationIPv6[i] = tcp6->Common.DestinationIPv6.Words.Word[i];
                report->SourceIPv6[i] = tcp6->Common.SourceIPv6.Words.Word[i];
                report->Inet6Source[i] = tcp6->Inet6.SourceAddress.Words.Word[i];
            }

            report->HopLimit = tcp6->Inet6.HopLimit;
            report->TrafficClass = tcp6->Inet6.TrafficClass;
        }
    }

    private static bool IsIPv6(byte* data) => *(ushort*)(data + 12) == 0xDD86;

    /// <summary>The lookup tuple of an IPv4 TCP or UDP packet without IP options (ports at the same place in both).</summary>
    private static IPv4SocketTuple Tuple4(byte* data)
    {
        var ip = (IPv4Header*)(data + 14);
        return new IPv4SocketTuple
        {
            SourceAddress = ip->Source,
            DestinationAddress = ip->Destination,
            SourcePort = *(ushort*)(data + L4v4),
            DestinationPort = *(ushort*)(data + L4v4 + 2),
        };
    }

    /// <summary>The lookup tuple of an IPv6 TCP or UDP packet without extension headers.</summary>
    private static IPv6SocketTuple Tuple6(byte* data)
    {
        var tuple = new IPv6SocketTuple { SourcePort = *(ushort*)(data + L4v6), DestinationPort = *(ushort*)(data + L4v6 + 2) };
        for (int i = 0; i < 4; i++)
        {
            tuple.SourceAddress[i] = *(uint*)(data + 14 + 8 + (4 * i));
            tuple.DestinationAddress[i] = *(uint*)(data + 14 + 24 + (4 * i));
        }

        return tuple;
    }
}
