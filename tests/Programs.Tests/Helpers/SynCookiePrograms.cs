namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>
/// Programs that issue a SYN cookie for a SYN and check the one an ACK carries, with the raw helpers and with a
/// listener a lookup found, over IPv4 and IPv6 TCP packets without IP options or extension headers. The test's
/// packets leave room for the longest TCP header after the TCP header's start (<see cref="Room"/>), so the verifier
/// sees every byte a header length up to 60 may reach, and then hold the outcome (<see cref="Outcome"/>): the result
/// (the error, or the check's 0 or -errno) at 0, the MSS at 4, the cookie at 8, and at 12 the TCP header length to
/// pass (0: the header's own).
/// </summary>
public static unsafe class SynCookiePrograms
{
    /// <summary>The bytes from the TCP header's start to the outcome: the longest TCP header.</summary>
    public const int Room = 60;

    /// <summary>The outcome's bytes.</summary>
    public const int Outcome = 16;

    /// <summary>What the socket programs report when the lookup found no listener.</summary>
    public const int NoListener = 1;

    [Xdp("h_syncookie_xdp")]
    public static XdpAction Xdp(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (!HasRoom(data, ctx.DataEnd))
        {
            return XdpAction.Pass;
        }

        IPv4Header* ip4 = IPv4Tcp(data);
        if (ip4 != null)
        {
            var tcp = (TcpHeader*)(ip4 + 1);
            if (tcp->Syn)
            {
                Report(tcp, ctx.GenerateSynCookie(ip4, tcp, Length(tcp)));
            }
            else
            {
                Report(tcp, ctx.CheckSynCookie(ip4, tcp));
            }
        }

        IPv6Header* ip6 = IPv6Tcp(data);
        if (ip6 != null)
        {
            var tcp = (TcpHeader*)(ip6 + 1);
            if (tcp->Syn)
            {
                Report(tcp, ctx.GenerateSynCookie(ip6, tcp, Length(tcp)));
            }
            else
            {
                Report(tcp, ctx.CheckSynCookie(ip6, tcp));
            }
        }

        return XdpAction.Pass;
    }

    [Tc("h_syncookie_tc")]
    public static TcAction Tc(TcContext ctx)
    {
        byte* data = ctx.Data;
        if (!HasRoom(data, ctx.DataEnd))
        {
            return TcAction.Ok;
        }

        IPv4Header* ip4 = IPv4Tcp(data);
        if (ip4 != null)
        {
            var tcp = (TcpHeader*)(ip4 + 1);
            if (tcp->Syn)
            {
                Report(tcp, ctx.GenerateSynCookie(ip4, tcp, Length(tcp)));
            }
            else
            {
                Report(tcp, ctx.CheckSynCookie(ip4, tcp));
            }
        }

        IPv6Header* ip6 = IPv6Tcp(data);
        if (ip6 != null)
        {
            var tcp = (TcpHeader*)(ip6 + 1);
            if (tcp->Syn)
            {
                Report(tcp, ctx.GenerateSynCookie(ip6, tcp, Length(tcp)));
            }
            else
            {
                Report(tcp, ctx.CheckSynCookie(ip6, tcp));
            }
        }

        return TcAction.Ok;
    }

    /// <summary>The listener the packet is for issues the cookie for a SYN, and checks an ACK's.</summary>
    [Tc("h_syncookie_sock")]
    public static TcAction Socket(TcContext ctx)
    {
        byte* data = ctx.Data;
        if (!HasRoom(data, ctx.DataEnd))
        {
            return TcAction.Ok;
        }

        IPv4Header* ip4 = IPv4Tcp(data);
        if (ip4 != null)
        {
            var tcp = (TcpHeader*)(ip4 + 1);
            var tuple = new IPv4SocketTuple { SourceAddress = ip4->Source, DestinationAddress = ip4->Destination, SourcePort = tcp->SourcePort, DestinationPort = tcp->DestinationPort };
            BpfSocket* listener = ctx.LookupTcp(in tuple);
            if (listener == null)
            {
                Report(tcp, NoListener);
                return TcAction.Ok;
            }

            // The verifier needs the length of the listener helpers' TCP header to be at least 1.
            int length = Length(tcp);
            if (length == 0)
            {
                listener->Release();
                return TcAction.Ok;
            }

            if (tcp->Syn)
            {
                Report(tcp, listener->GenerateSynCookie(ip4, tcp, length));
            }
            else
            {
                Report(tcp, listener->CheckSynCookie(ip4, tcp, length));
            }

            listener->Release();
            return TcAction.Ok;
        }

        IPv6Header* ip6 = IPv6Tcp(data);
        if (ip6 != null)
        {
            var tcp = (TcpHeader*)(ip6 + 1);
            var tuple = Tuple(ip6, tcp);
            BpfSocket* listener = ctx.LookupTcp(in tuple);
            if (listener == null)
            {
                Report(tcp, NoListener);
                return TcAction.Ok;
            }

            // The verifier needs the length of the listener helpers' TCP header to be at least 1.
            int length = Length(tcp);
            if (length == 0)
            {
                listener->Release();
                return TcAction.Ok;
            }

            if (tcp->Syn)
            {
                Report(tcp, listener->GenerateSynCookie(ip6, tcp, length));
            }
            else
            {
                Report(tcp, listener->CheckSynCookie(ip6, tcp, length));
            }

            listener->Release();
        }

        return TcAction.Ok;
    }

    /// <summary>Whether the packet is long enough for an IPv6 TCP packet's headers, <see cref="Room"/> and the outcome.</summary>
    private static bool HasRoom(byte* data, byte* end) => data + sizeof(EthernetHeader) + sizeof(IPv6Header) + Room + Outcome <= end;

    /// <summary>The IPv4 header of a TCP packet without IP options, or null.</summary>
    private static IPv4Header* IPv4Tcp(byte* data)
    {
        var ip = (IPv4Header*)(data + sizeof(EthernetHeader));
        return ((EthernetHeader*)data)->EtherType == Net.Htons(EtherType.IPv4) && ip->VersionIhl == 0x45 && ip->Protocol == IpProtocol.Tcp ? ip : null;
    }

    /// <summary>The IPv6 header of a TCP packet without extension headers, or null.</summary>
    private static IPv6Header* IPv6Tcp(byte* data)
    {
        var ip = (IPv6Header*)(data + sizeof(EthernetHeader));
        return ((EthernetHeader*)data)->EtherType == Net.Htons(EtherType.IPv6) && ip->NextHeader == IpProtocol.Tcp ? ip : null;
    }

    private static IPv6SocketTuple Tuple(IPv6Header* ip, TcpHeader* tcp)
    {
        var tuple = new IPv6SocketTuple { SourcePort = tcp->SourcePort, DestinationPort = tcp->DestinationPort };
        for (int i = 0; i < 4; i++)
        {
            tuple.SourceAddress[i] = ((uint*)ip->Source)[i];
            tuple.DestinationAddress[i] = ((uint*)ip->Destination)[i];
        }

        return tuple;
    }

    /// <summary>The TCP header length to pass: the outcome's request, a multiple of 4 up to 60, or the header's own.</summary>
    private static int Length(TcpHeader* tcp)
    {
        int requested = ((byte*)tcp)[Room + 12];
        return requested == 0 ? tcp->HeaderLength : requested & 0x3C;
    }

    private static void Report(TcpHeader* tcp, SynCookie cookie)
    {
        byte* outcome = (byte*)tcp + Room;
        *(int*)outcome = cookie.Error;
        *(ushort*)(outcome + 4) = cookie.Mss;
        *(uint*)(outcome + 8) = cookie.Cookie;
    }

    private static void Report(TcpHeader* tcp, int result) => *(int*)((byte*)tcp + Room) = result;
}
