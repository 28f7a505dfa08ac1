using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>
/// <c>struct bpf_sock</c>: a socket a program found (<see cref="TcContext.LookupTcp(in IPv4SocketTuple)"/>
/// and the other lookups return a pointer to one, or null). A compiled program reads its fields through the
/// pointer, each at the kernel's offset and size, and never writes them. A pointer a lookup returned holds a
/// reference on the socket: call <see cref="Release"/> on every path once the program is done with it (the
/// compiler refuses a program where some path leaves without it, as the verifier does). Pointers that
/// <see cref="FullSocket"/>, <see cref="Listener"/>, <see cref="AsTcpSocket"/> and the casts to the kernel's own
/// structs (<see cref="ToTcpSock"/>, ...) return hold no reference of their own and are valid until the reference
/// they came from is released; they may be null, so test them before reading through them.
/// </summary>
/// <remarks>
/// Run as managed code the pointer is into the <see cref="SocketTable"/> the test filled, and the fields are
/// what it put there; the program's code may not write them, a test may.
/// </remarks>
[StructLayout(LayoutKind.Explicit, Size = 80)]
public unsafe struct BpfSocket
{
    /// <summary>The interface the socket is bound to (SO_BINDTODEVICE), 0 when none.</summary>
    [FieldOffset(0)]
    public uint BoundDeviceIfindex;

    /// <summary>AF_INET (2) or AF_INET6 (10).</summary>
    [FieldOffset(4)]
    public uint Family;

    /// <summary>SOCK_STREAM (1), SOCK_DGRAM (2), ...</summary>
    [FieldOffset(8)]
    public uint Type;

    /// <summary>IPPROTO_TCP (6), IPPROTO_UDP (17), ...</summary>
    [FieldOffset(12)]
    public uint Protocol;

    /// <summary>The socket's mark (SO_MARK).</summary>
    [FieldOffset(16)]
    public uint Mark;

    /// <summary>The socket's priority (SO_PRIORITY).</summary>
    [FieldOffset(20)]
    public uint Priority;

    /// <summary>The local IPv4 address, network byte order; 0 for a socket bound to any address.</summary>
    [FieldOffset(24)]
    public uint SourceIPv4;

    /// <summary>The local IPv6 address as four words in network byte order.</summary>
    [FieldOffset(28)]
    public fixed uint SourceIPv6[4];

    /// <summary>The local port, host byte order (the kernel keeps it so).</summary>
    [FieldOffset(44)]
    public uint SourcePort;

    /// <summary>The remote port, network byte order; 0 for a listening or unconnected socket.</summary>
    [FieldOffset(48)]
    public ushort DestinationPort;

    /// <summary>The remote IPv4 address, network byte order; 0 for a listening or unconnected socket.</summary>
    [FieldOffset(52)]
    public uint DestinationIPv4;

    /// <summary>The remote IPv6 address as four words in network byte order.</summary>
    [FieldOffset(56)]
    public fixed uint DestinationIPv6[4];

    /// <summary>The TCP state (<see cref="SocketState"/>); an unconnected UDP socket is <see cref="SocketState.Close"/>.</summary>
    [FieldOffset(72)]
    public uint State;

    /// <summary>The receive queue the socket was last seen on, -1 when none.</summary>
    [FieldOffset(76)]
    public int RxQueueMapping;

    /// <summary>
    /// Gives the reference a lookup took back (bpf_sk_release). Call it exactly once on every path for each
    /// socket a lookup returned that is not null, and do not read the socket afterwards.
    /// </summary>
    [BpfHelper(BpfHelper.SkRelease)]
    public readonly void Release() => SocketTable.Release(Self);

    /// <summary>
    /// The full socket behind this one (bpf_sk_fullsock, TC only), or null for a request or time-wait socket.
    /// Managed: every socket of the <see cref="SocketTable"/> is a full socket, so this one.
    /// </summary>
    [BpfHelper(BpfHelper.SkFullsock)]
    public readonly BpfSocket* FullSocket() => Self;

    /// <summary>
    /// The TCP view of this socket (bpf_tcp_sock, TC only), or null when it is not a TCP socket. Managed: the
    /// <see cref="TcpSocket"/> the table was given for it, or null.
    /// </summary>
    [BpfHelper(BpfHelper.TcpSock)]
    public readonly TcpSocket* AsTcpSocket() => SocketTable.TcpOf(Self);

    /// <summary>
    /// The listening socket this one was accepted from, or this one when it listens (bpf_get_listener_sock,
    /// TC only); null otherwise. It holds no reference. Managed: this socket when its state is
    /// <see cref="SocketState.Listen"/>, else null (the table has no accepted connections' parents).
    /// </summary>
    [BpfHelper(BpfHelper.GetListenerSock)]
    public readonly BpfSocket* Listener() => State == (uint)SocketState.Listen ? Self : null;

    /// <summary>
    /// Issues a SYN cookie on this listening TCP socket for the SYN whose IP header is <paramref name="ip"/> and whose
    /// TCP header, options included, is the <paramref name="tcpHeaderLength"/> bytes at <paramref name="tcp"/>
    /// (bpf_tcp_gen_syncookie), as the kernel answers a SYN flood: the cookie for the SYN-ACK and the MSS it encodes
    /// (the SYN's MSS option capped by the listener's TCP_MAXSEG, else 536, rounded down to 536, 1300, 1440 or 1460).
    /// The compiler passes the IP header's size; the header's version field decides the family, as in the kernel.
    /// Errors: -EINVAL when this is not a TCP listener, the length is not the header's own (data offset × 4) or is
    /// under 20, the packet is not a SYN without ACK, FIN and RST, or the listener takes IPv6 only; -ENOENT when
    /// net.ipv4.tcp_syncookies is 0, or is 1 and the listener's SYN queue is not full, or its accept queue is full.
    /// Call it on a socket a lookup returned, after testing it against null. Managed:
    /// <see cref="ManagedExecution.SynCookies"/>, and its <see cref="SynCookieJar.Listener"/> for the queues.
    /// </summary>
    [BpfIntrinsic("syncookie.gen", Helper = BpfHelper.TcpGenSyncookie)]
    public readonly SynCookie GenerateSynCookie(IPv4Header* ip, TcpHeader* tcp, int tcpHeaderLength) =>
        SynCookieHelpers.Generate(Self, (byte*)ip, sizeof(IPv4Header), tcp, tcpHeaderLength);

    /// <summary>
    /// As <see cref="GenerateSynCookie(IPv4Header*, TcpHeader*, int)"/>, for an IPv6 SYN to an IPv6 listener (-EINVAL
    /// for an IPv4 one): the MSS is 1220 without an option and is rounded down to 1220, 1420, 1440 or 8940.
    /// </summary>
    [BpfIntrinsic("syncookie.gen", Helper = BpfHelper.TcpGenSyncookie)]
    public readonly SynCookie GenerateSynCookie(IPv6Header* ip, TcpHeader* tcp, int tcpHeaderLength) =>
        SynCookieHelpers.Generate(Self, (byte*)ip, sizeof(IPv6Header), tcp, tcpHeaderLength);

    /// <summary>
    /// Whether the ACK whose IP header is <paramref name="ip"/> and whose TCP header is the
    /// <paramref name="tcpHeaderLength"/> bytes at <paramref name="tcp"/> completes a handshake this listening TCP
    /// socket answered with a SYN cookie (bpf_tcp_check_syncookie): 0 when it acknowledges a cookie issued for its
    /// flow in the last minute or two, plus one, and the listener issued cookies in the last two minutes. -ENOENT for
    /// any other ACK, or a packet that is not an ACK without SYN and RST; -EINVAL when this is not a TCP listener,
    /// the length is under 20, net.ipv4.tcp_syncookies is 0, or the family does not suit the listener.
    /// Managed: <see cref="ManagedExecution.SynCookies"/>.
    /// </summary>
    [BpfIntrinsic("syncookie.check", Helper = BpfHelper.TcpCheckSyncookie)]
    public readonly int CheckSynCookie(IPv4Header* ip, TcpHeader* tcp, int tcpHeaderLength) =>
        SynCookieHelpers.Check(Self, (byte*)ip, sizeof(IPv4Header), tcp, tcpHeaderLength);

    /// <summary>As <see cref="CheckSynCookie(IPv4Header*, TcpHeader*, int)"/>, for an IPv6 ACK to an IPv6 listener.</summary>
    [BpfIntrinsic("syncookie.check", Helper = BpfHelper.TcpCheckSyncookie)]
    public readonly int CheckSynCookie(IPv6Header* ip, TcpHeader* tcp, int tcpHeaderLength) =>
        SynCookieHelpers.Check(Self, (byte*)ip, sizeof(IPv6Header), tcp, tcpHeaderLength);

    /// <summary>
    /// The kernel's <c>struct tcp_sock</c> of this socket (bpf_skc_to_tcp_sock), or null when it is not a TCP socket.
    /// It holds no reference: it is valid, and readable, until the reference this socket came from is released.
    /// Managed: the view <see cref="SocketTable.SetKernelSocket{TView}"/> gave the table's entry, or null.
    /// </summary>
    [BpfHelper(BpfHelper.SkcToTcpSock)]
    public readonly TcpSock* ToTcpSock() => KernelSocketCasts.ToTcpSock(Self);

    /// <summary>The kernel's <c>struct tcp6_sock</c> of this socket (bpf_skc_to_tcp6_sock), or null when it is not an IPv6 TCP socket; see <see cref="ToTcpSock"/>.</summary>
    [BpfHelper(BpfHelper.SkcToTcp6Sock)]
    public readonly Tcp6Sock* ToTcp6Sock() => KernelSocketCasts.ToTcp6Sock(Self);

    /// <summary>The kernel's <c>struct udp6_sock</c> of this socket (bpf_skc_to_udp6_sock), or null when it is not an IPv6 UDP socket; see <see cref="ToTcpSock"/>.</summary>
    [BpfHelper(BpfHelper.SkcToUdp6Sock)]
    public readonly Udp6Sock* ToUdp6Sock() => KernelSocketCasts.ToUdp6Sock(Self);

    /// <summary>The kernel's <c>struct unix_sock</c> of this socket (bpf_skc_to_unix_sock), or null when it is not a unix socket; see <see cref="ToTcpSock"/>.</summary>
    [BpfHelper(BpfHelper.SkcToUnixSock)]
    public readonly UnixSock* ToUnixSock() => KernelSocketCasts.ToUnixSock(Self);

    /// <summary>
    /// The MPTCP connection this TCP socket is a subflow of (bpf_skc_to_mptcp_sock), or null when it is none's. Managed:
    /// the connection <see cref="SocketTable.SetMptcpConnection"/> gave the table's entry, or null; see <see cref="ToTcpSock"/>.
    /// </summary>
    [BpfHelper(BpfHelper.SkcToMptcpSock)]
    public readonly MptcpSock* ToMptcpSock() => KernelSocketCasts.ToMptcpSock(Self);

    private readonly BpfSocket* Self => (BpfSocket*)Unsafe.AsPointer(ref Unsafe.AsRef(in this));
}
