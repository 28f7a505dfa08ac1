namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>
/// Programs that look up the socket an IPv4 TCP or UDP packet is for and write what they found over the
/// packet's first 11 bytes: found (1) or not (0), the socket's state, its local port, family and protocol, and at
/// TC what the full-socket, listener and TCP views say. Every socket found is released on every path.
/// </summary>
public static unsafe class SocketLookupPrograms
{
    private const int L4 = 14 + 20;

    [Tc("h_sk_lookup")]
    public static TcAction TcLookup(TcContext ctx)
    {
        byte* data = ctx.Data;
        if (data + L4 + 4 > ctx.DataEnd || !Tuple(data, out var tuple, out byte protocol))
        {
            return TcAction.Ok;
        }

        if (protocol == IpProtocol.Tcp)
        {
            BpfSocket* tcp = ctx.LookupTcp(in tuple);
            Report(data, tcp);
            if (tcp != null)
            {
                ReportViews(data, tcp);
                tcp->Release();
            }
        }
        else
        {
            BpfSocket* udp = ctx.LookupUdp(in tuple);
            Report(data, udp);
            if (udp != null)
            {
                ReportViews(data, udp);
                udp->Release();
            }
        }

        return TcAction.Ok;
    }

    [Xdp("h_xdp_sk_lookup")]
    public static XdpAction XdpLookup(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + L4 + 4 > ctx.DataEnd || !Tuple(data, out var tuple, out byte protocol))
        {
            return XdpAction.Pass;
        }

        if (protocol == IpProtocol.Tcp)
        {
            BpfSocket* tcp = ctx.LookupTcp(in tuple);
            Report(data, tcp);
            if (tcp == null)
            {
                return XdpAction.Drop;
            }

            tcp->Release();
            return XdpAction.Pass;
        }

        BpfSocket* udp = ctx.LookupUdp(in tuple);
        Report(data, udp);
        if (udp == null)
        {
            return XdpAction.Drop;
        }

        udp->Release();
        return XdpAction.Pass;
    }

    /// <summary>The IPv6 form: a UDP lookup by a 36-byte tuple, and the last word of the socket's IPv6 address.</summary>
    [Tc("h_sk_lookup6")]
    public static TcAction TcLookup6(TcContext ctx)
    {
        const int L4v6 = 14 + 40;
        byte* data = ctx.Data;
        if (data + L4v6 + 4 > ctx.DataEnd || *(ushort*)(data + 12) != 0xDD86 || data[14 + 6] != IpProtocol.Udp)
        {
            return TcAction.Ok;
        }

        var tuple = new IPv6SocketTuple { SourcePort = *(ushort*)(data + L4v6), DestinationPort = *(ushort*)(data + L4v6 + 2) };
        for (int i = 0; i < 4; i++)
        {
            tuple.SourceAddress[i] = *(uint*)(data + 14 + 8 + 4 * i);
            tuple.DestinationAddress[i] = *(uint*)(data + 14 + 24 + 4 * i);
        }

        BpfSocket* socket = ctx.LookupUdp(in tuple);
        Report(data, socket);
        if (socket != null)
        {
            *(uint*)(data + 6) = socket->SourceIPv6[3];
            socket->Release();
        }

        return TcAction.Ok;
    }

    /// <summary>The lookup tuple of an IPv4 TCP or UDP packet without IP options (ports at the same place in both).</summary>
    private static bool Tuple(byte* data, out IPv4SocketTuple tuple, out byte protocol)
    {
        var ip = (IPv4Header*)(data + 14);
        protocol = ip->Protocol;
        tuple = new IPv4SocketTuple
        {
            SourceAddress = ip->Source,
            DestinationAddress = ip->Destination,
            SourcePort = *(ushort*)(data + L4),
            DestinationPort = *(ushort*)(data + L4 + 2),
        };
        return *(ushort*)(data + 12) == 0x0008 && ip->VersionIhl == 0x45 && protocol is IpProtocol.Tcp or IpProtocol.Udp;
    }

    private static void Report(byte* data, BpfSocket* socket)
    {
        *(ulong*)data = 0;
        *(ushort*)(data + 8) = 0;
        data[10] = 0;
        if (socket != null)
        {
            data[0] = 1;
            data[1] = (byte)socket->State;
            *(ushort*)(data + 2) = (ushort)socket->SourcePort;
            data[4] = (byte)socket->Family;
            data[5] = (byte)socket->Protocol;
        }
    }

    /// <summary>bpf_sk_fullsock, bpf_get_listener_sock and bpf_tcp_sock of a socket a lookup found.</summary>
    private static void ReportViews(byte* data, BpfSocket* socket)
    {
        BpfSocket* full = socket->FullSocket();
        data[6] = full == null ? (byte)0 : (byte)(full->Type + 1);
        BpfSocket* listener = socket->Listener();
        data[7] = listener == null ? (byte)0 : (byte)listener->State;
        TcpSocket* tcp = socket->AsTcpSocket();
        data[8] = tcp == null ? (byte)0 : (byte)tcp->SendCongestionWindow;
        *(ushort*)(data + 9) = tcp == null ? (ushort)0 : (ushort)tcp->MssCache;
    }

    /// <summary>bpf_skc_lookup_tcp: the socket whatever its state, and the protocol of the full socket behind it.</summary>
    [Tc("h_skc_lookup")]
    public static TcAction TcLookupCommon(TcContext ctx)
    {
        byte* data = ctx.Data;
        if (data + L4 + 4 > ctx.DataEnd || !Tuple(data, out var tuple, out byte protocol) || protocol != IpProtocol.Tcp)
        {
            return TcAction.Ok;
        }

        *(ulong*)data = 0;
        BpfSocketCommon* socket = ctx.LookupTcpCommon(in tuple);
        if (socket == null)
        {
            return TcAction.Ok;
        }

        data[0] = 1;
        data[1] = (byte)socket->State;
        *(ushort*)(data + 2) = (ushort)socket->SourcePort;
        *(ushort*)(data + 4) = socket->DestinationPort;
        BpfSocket* full = socket->FullSocket();
        data[6] = full == null ? (byte)0 : (byte)full->Protocol;
        socket->Release();
        return TcAction.Ok;
    }

    /// <summary>The port <see cref="Assign"/> steers datagrams from, and the one whose socket receives them.</summary>
    public const ushort SteeredPort = 47000, ReceivingPort = 47001;

    /// <summary>Slot 0: datagrams given to the socket; 1: the last bpf_sk_assign result; 2: datagrams for which no socket was found.</summary>
    public static readonly ArrayMap<ulong> AssignResults = new(3);

    /// <summary>Gives UDP datagrams for <see cref="SteeredPort"/> to the socket bound to <see cref="ReceivingPort"/> (bpf_sk_assign).</summary>
    [Tc("h_sk_assign")]
    public static TcAction Assign(TcContext ctx)
    {
        byte* data = ctx.Data;
        if (data + L4 + 4 > ctx.DataEnd || !Tuple(data, out var tuple, out byte protocol) || protocol != IpProtocol.Udp || tuple.DestinationPort != Net.Htons(SteeredPort))
        {
            return TcAction.Ok;
        }

        tuple.DestinationPort = Net.Htons(ReceivingPort);
        BpfSocket* socket = ctx.LookupUdp(in tuple);
        if (socket == null)
        {
            Add(2, 1);
            return TcAction.Ok;
        }

        int result = ctx.AssignSocket(socket);
        socket->Release();
        Add(0, result == 0 ? 1ul : 0);
        ulong* last = AssignResults.Lookup(1);
        if (last != null)
        {
            *last = (ulong)result;
        }

        return TcAction.Ok;
    }

    private static void Add(uint slot, ulong value)
    {
        ulong* cell = AssignResults.Lookup(slot);
        if (cell != null)
        {
            *cell += value;
        }
    }

    /// <summary>How many times <see cref="CountPerSocket"/> found each TCP socket, kept with the socket.</summary>
    public static readonly SkStorageMap<ulong> LookupsPerSocket = new();

    /// <summary>
    /// Counts in socket storage the lookups that found each TCP socket and writes the count; at the second it deletes
    /// the socket's value (0) and deletes it again (-ENOENT), so the third count is 1 again.
    /// </summary>
    [Tc("h_sk_storage")]
    public static TcAction CountPerSocket(TcContext ctx)
    {
        byte* data = ctx.Data;
        if (data + L4 + 4 > ctx.DataEnd || !Tuple(data, out var tuple, out byte protocol) || protocol != IpProtocol.Tcp)
        {
            return TcAction.Ok;
        }

        *(ulong*)data = 0;
        BpfSocket* socket = ctx.LookupTcp(in tuple);
        if (socket == null)
        {
            return TcAction.Ok;
        }

        ulong* count = LookupsPerSocket.Get(socket, null, SkStorageFlags.Create);
        ulong lookups = count == null ? 0 : ++*count;
        data[0] = (byte)lookups;
        if (lookups >= 2)
        {
            data[1] = (byte)LookupsPerSocket.Delete(socket);
            data[2] = (byte)LookupsPerSocket.Delete(socket);
        }

        socket->Release();
        return TcAction.Ok;
    }

    [Tc("h_socket_identity")]
    public static TcAction Identity(TcContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 12 > ctx.DataEnd)
        {
            return TcAction.Ok;
        }

        *(ulong*)data = ctx.GetSocketCookie();
        *(uint*)(data + 8) = ctx.GetSocketUid();
        return TcAction.Ok;
    }

    [SocketFilter("h_socket_filter_identity")]
    public static uint FilterIdentity(SocketContext ctx) => ctx.GetSocketCookie() != 0 ? ctx.GetSocketUid() + 1 : 0;
}
