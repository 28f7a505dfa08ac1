namespace TraitsBpf;

/// <summary>
/// The SYN cookie helpers as managed execution runs them: each argument check of net/core/filter.c in the kernel's
/// order with the kernel's errno, then the cookie from <see cref="ManagedExecution.SynCookies"/>.
/// </summary>
internal static unsafe class SynCookieHelpers
{
    private const int AfInet6 = 10;
    private const int TcpProtocol = 6;
    private const byte Fin = 0x01;
    private const byte Syn = 0x02;
    private const byte Rst = 0x04;
    private const byte Ack = 0x10;

    /// <summary>bpf_tcp_raw_gen_syncookie_ipv4: -EINVAL unless the length is the header's, at least 20 bytes.</summary>
    public static SynCookie RawGenerate(IPv4Header* ip, TcpHeader* tcp, int tcpHeaderLength)
    {
        var jar = ManagedExecution.RequireSynCookies();
        return LengthMatches(tcp, tcpHeaderLength)
            ? Issue(jar, SynFlow.Of(ip, tcp), tcp, userMss: 0, SynCookieMss.DefaultIPv4)
            : SynCookie.Failed(Errno.EINVAL);
    }

    /// <summary>bpf_tcp_raw_gen_syncookie_ipv6: as for IPv4, with the IPv6 default MSS and table.</summary>
    public static SynCookie RawGenerate(IPv6Header* ip, TcpHeader* tcp, int tcpHeaderLength)
    {
        var jar = ManagedExecution.RequireSynCookies();
        return LengthMatches(tcp, tcpHeaderLength)
            ? Issue(jar, SynFlow.Of(ip, tcp), tcp, userMss: 0, SynCookieMss.DefaultIPv6)
            : SynCookie.Failed(Errno.EINVAL);
    }

    /// <summary>bpf_tcp_raw_check_syncookie_ipv4: 0 for an ACK acknowledging a valid cookie plus one, else -EACCES.</summary>
    public static int RawCheck(IPv4Header* ip, TcpHeader* tcp) =>
        Validate(ManagedExecution.RequireSynCookies(), SynFlow.Of(ip, tcp), tcp) ? 0 : -Errno.EACCES;

    /// <summary>bpf_tcp_raw_check_syncookie_ipv6.</summary>
    public static int RawCheck(IPv6Header* ip, TcpHeader* tcp) =>
        Validate(ManagedExecution.RequireSynCookies(), SynFlow.Of(ip, tcp), tcp) ? 0 : -Errno.EACCES;

    /// <summary>
    /// bpf_tcp_gen_syncookie: a cookie for a SYN to the listener <paramref name="socket"/>, whose IP header at
    /// <paramref name="ip"/> is <paramref name="ipHeaderLength"/> bytes long; its version, read from the header, picks
    /// the family.
    /// </summary>
    public static SynCookie Generate(BpfSocket* socket, byte* ip, int ipHeaderLength, TcpHeader* tcp, int tcpHeaderLength)
    {
        var jar = ManagedExecution.RequireSynCookies();
        if (socket == null || !LengthMatches(tcp, tcpHeaderLength) || !IsListener(socket))
        {
            return SynCookie.Failed(Errno.EINVAL);
        }

        if (jar.TcpSyncookies == 0)
        {
            return SynCookie.Failed(Errno.ENOENT);
        }

        if ((tcp->Flags & (Syn | Ack | Fin | Rst)) != Syn || ipHeaderLength < sizeof(IPv4Header))
        {
            return SynCookie.Failed(Errno.EINVAL);
        }

        var listener = jar.Listener(socket);
        if (FamilyRefusal(socket, listener, ip, ipHeaderLength) is { } refused)
        {
            return SynCookie.Failed(refused);
        }

        // tcp_get_syncookie_mss: cookies only under a full SYN queue unless the sysctl says always, none when the
        // accept queue is full; the SYN's MSS capped by TCP_MAXSEG, else the family's default.
        if ((jar.TcpSyncookies != 2 && !listener.RequestQueueFull) || listener.AcceptQueueFull)
        {
            return SynCookie.Failed(Errno.ENOENT);
        }

        bool ipv6 = IsVersion6(ip);
        var cookie = ipv6
            ? Issue(jar, SynFlow.Of((IPv6Header*)ip, tcp), tcp, listener.UserMss, SynCookieMss.DefaultIPv6)
            : Issue(jar, SynFlow.Of((IPv4Header*)ip, tcp), tcp, listener.UserMss, SynCookieMss.DefaultIPv4);
        jar.NoteOverflow(listener);
        return cookie;
    }

    /// <summary>
    /// bpf_tcp_check_syncookie: 0 for an ACK to the listener <paramref name="socket"/> acknowledging a valid cookie
    /// plus one while the listener has issued cookies in the last two minutes; -ENOENT for another ACK or a packet
    /// that is no ACK, -EINVAL for bad arguments.
    /// </summary>
    public static int Check(BpfSocket* socket, byte* ip, int ipHeaderLength, TcpHeader* tcp, int tcpHeaderLength)
    {
        var jar = ManagedExecution.RequireSynCookies();
        if (socket == null || (uint)tcpHeaderLength < sizeof(TcpHeader) || !IsListener(socket) || jar.TcpSyncookies == 0)
        {
            return -Errno.EINVAL;
        }

        if ((tcp->Flags & (Ack | Rst | Syn)) != Ack)
        {
            return -Errno.ENOENT;
        }

        if (ipHeaderLength < sizeof(IPv4Header))
        {
            return -Errno.EINVAL;
        }

        var listener = jar.Listener(socket);
        if (!jar.RecentOverflow(listener))
        {
            return -Errno.ENOENT;
        }

        if (FamilyRefusal(socket, listener, ip, ipHeaderLength) is { } refused)
        {
            return -refused;
        }

        bool valid = IsVersion6(ip)
            ? Validate(jar, SynFlow.Of((IPv6Header*)ip, tcp), tcp)
            : Validate(jar, SynFlow.Of((IPv4Header*)ip, tcp), tcp);
        return valid ? 0 : -Errno.ENOENT;
    }

    /// <summary>The length the helper was given is the header's own (data offset × 4) and at least 20 bytes.</summary>
    private static bool LengthMatches(TcpHeader* tcp, int tcpHeaderLength) =>
        (uint)tcpHeaderLength >= sizeof(TcpHeader) && tcpHeaderLength == tcp->HeaderLength;

    private static bool IsListener(BpfSocket* socket) => socket->Protocol == TcpProtocol && socket->State == (uint)SocketState.Listen;

    private static bool IsVersion6(byte* ip) => ip[0] >> 4 == 6;

    /// <summary>
    /// The errno (positive) with which the header's version is refused for <paramref name="socket"/>, or null:
    /// IPv4 suits any listener but one taking IPv6 only, IPv6 needs a 40-byte header and an IPv6 listener, any other
    /// version is -EPROTONOSUPPORT.
    /// </summary>
    private static int? FamilyRefusal(BpfSocket* socket, SynCookieListener listener, byte* ip, int ipHeaderLength) => (ip[0] >> 4) switch
    {
        4 => socket->Family == AfInet6 && listener.IPv6Only ? Errno.EINVAL : null,
        6 => ipHeaderLength < sizeof(IPv6Header) || socket->Family != AfInet6 ? Errno.EINVAL : null,
        _ => Errno.EPROTONOSUPPORT,
    };

    private static SynCookie Issue(SynCookieJar jar, in SynFlow flow, TcpHeader* tcp, ushort userMss, ushort defaultMss)
    {
        ushort mss = SynCookieMss.ParseOption(tcp, userMss);
        return jar.Issue(flow, Net.Ntohl(tcp->Sequence), mss != 0 ? mss : defaultMss);
    }

    /// <summary>The ACK acknowledges a cookie the jar issued for the SYN one sequence number before it (__cookie_v4/v6_check).</summary>
    private static bool Validate(SynCookieJar jar, in SynFlow flow, TcpHeader* tcp) =>
        jar.Validate(flow, Net.Ntohl(tcp->Acknowledgment) - 1, Net.Ntohl(tcp->Sequence) - 1) != 0;
}
