using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>
/// <c>struct bpf_sock</c> as the verifier shows a socket that may not be a full one (a time-wait or request
/// socket): what <see cref="TcContext.LookupTcpCommon(in IPv4SocketTuple)"/> returns. It has the addresses, ports
/// and state; the type, protocol, mark and priority of <see cref="BpfSocket"/> are a full socket's, which
/// <see cref="FullSocket"/> gives. Release it on every path as a <see cref="BpfSocket"/>; the packet's own socket,
/// <see cref="TcContext.Socket"/>, is also one, and holds no reference.
/// </summary>
/// <remarks>
/// The fields repeat <see cref="BpfSocket"/>'s at the same offsets, one kernel struct seen twice: the verifier refuses
/// the others on a socket that may not be full, and a separate type lets the C# compiler refuse them first.
/// Managed: a pointer into the <see cref="SocketTable"/>, as <see cref="BpfSocket"/>.
/// </remarks>
[StructLayout(LayoutKind.Explicit, Size = 80)]
public unsafe struct BpfSocketCommon
{
    /// <summary>The interface the socket is bound to, 0 when none.</summary>
    [FieldOffset(0)]
    public uint BoundDeviceIfindex;

    /// <summary>AF_INET (2) or AF_INET6 (10).</summary>
    [FieldOffset(4)]
    public uint Family;

    /// <summary>The local IPv4 address, network byte order.</summary>
    [FieldOffset(24)]
    public uint SourceIPv4;

    /// <summary>The local IPv6 address as four words in network byte order.</summary>
    [FieldOffset(28)]
    public fixed uint SourceIPv6[4];

    /// <summary>The local port, host byte order.</summary>
    [FieldOffset(44)]
    public uint SourcePort;

    /// <summary>The remote port, network byte order.</summary>
    [FieldOffset(48)]
    public ushort DestinationPort;

    /// <summary>The remote IPv4 address, network byte order.</summary>
    [FieldOffset(52)]
    public uint DestinationIPv4;

    /// <summary>The remote IPv6 address as four words in network byte order.</summary>
    [FieldOffset(56)]
    public fixed uint DestinationIPv6[4];

    /// <summary>The TCP state (<see cref="SocketState"/>).</summary>
    [FieldOffset(72)]
    public uint State;

    /// <summary>The receive queue the socket was last seen on, -1 when none.</summary>
    [FieldOffset(76)]
    public int RxQueueMapping;

    /// <summary>Gives the reference the lookup took back (bpf_sk_release); see <see cref="BpfSocket.Release"/>.</summary>
    [BpfHelper(BpfHelper.SkRelease)]
    public readonly void Release() => SocketTable.Release(Self);

    /// <summary>
    /// The full socket behind this one (bpf_sk_fullsock, TC only): itself when it is one, null for a time-wait or
    /// request socket. It holds no reference of its own. Managed: null when the table's entry is in
    /// <see cref="SocketState.TimeWait"/> or <see cref="SocketState.NewSynReceived"/>.
    /// </summary>
    [BpfHelper(BpfHelper.SkFullsock)]
    public readonly BpfSocket* FullSocket() => SocketTable.IsFull(Self) ? Self : null;

    /// <summary>
    /// Issues a SYN cookie on this socket, which must be a TCP listener (bpf_tcp_gen_syncookie); see
    /// <see cref="BpfSocket.GenerateSynCookie(IPv4Header*, TcpHeader*, int)"/>.
    /// </summary>
    [BpfIntrinsic("syncookie.gen", Helper = BpfHelper.TcpGenSyncookie)]
    public readonly SynCookie GenerateSynCookie(IPv4Header* ip, TcpHeader* tcp, int tcpHeaderLength) =>
        SynCookieHelpers.Generate(Self, (byte*)ip, sizeof(IPv4Header), tcp, tcpHeaderLength);

    /// <summary>As <see cref="GenerateSynCookie(IPv4Header*, TcpHeader*, int)"/>, for an IPv6 SYN.</summary>
    [BpfIntrinsic("syncookie.gen", Helper = BpfHelper.TcpGenSyncookie)]
    public readonly SynCookie GenerateSynCookie(IPv6Header* ip, TcpHeader* tcp, int tcpHeaderLength) =>
        SynCookieHelpers.Generate(Self, (byte*)ip, sizeof(IPv6Header), tcp, tcpHeaderLength);

    /// <summary>
    /// Whether an ACK completes a handshake this listener answered with a SYN cookie (bpf_tcp_check_syncookie); see
    /// <see cref="BpfSocket.CheckSynCookie(IPv4Header*, TcpHeader*, int)"/>.
    /// </summary>
    [BpfIntrinsic("syncookie.check", Helper = BpfHelper.TcpCheckSyncookie)]
    public readonly int CheckSynCookie(IPv4Header* ip, TcpHeader* tcp, int tcpHeaderLength) =>
        SynCookieHelpers.Check(Self, (byte*)ip, sizeof(IPv4Header), tcp, tcpHeaderLength);

    /// <summary>As <see cref="CheckSynCookie(IPv4Header*, TcpHeader*, int)"/>, for an IPv6 ACK.</summary>
    [BpfIntrinsic("syncookie.check", Helper = BpfHelper.TcpCheckSyncookie)]
    public readonly int CheckSynCookie(IPv6Header* ip, TcpHeader* tcp, int tcpHeaderLength) =>
        SynCookieHelpers.Check(Self, (byte*)ip, sizeof(IPv6Header), tcp, tcpHeaderLength);

    /// <summary>
    /// The kernel's <c>struct tcp_sock</c> of this socket (bpf_skc_to_tcp_sock), or null when it is not a full TCP
    /// socket (a request or time-wait socket, another protocol). It holds no reference: valid until the reference this
    /// socket came from is released, or while the packet is, for <see cref="TcContext.Socket"/>. Managed: the view
    /// <see cref="SocketTable.SetKernelSocket{TView}"/> gave the table's entry, or null.
    /// </summary>
    [BpfHelper(BpfHelper.SkcToTcpSock)]
    public readonly TcpSock* ToTcpSock() => KernelSocketCasts.ToTcpSock(Self);

    /// <summary>The kernel's <c>struct tcp6_sock</c> (bpf_skc_to_tcp6_sock), or null when this is not a full IPv6 TCP socket; see <see cref="ToTcpSock"/>.</summary>
    [BpfHelper(BpfHelper.SkcToTcp6Sock)]
    public readonly Tcp6Sock* ToTcp6Sock() => KernelSocketCasts.ToTcp6Sock(Self);

    /// <summary>The kernel's <c>struct udp6_sock</c> (bpf_skc_to_udp6_sock), or null when this is not an IPv6 UDP socket; see <see cref="ToTcpSock"/>.</summary>
    [BpfHelper(BpfHelper.SkcToUdp6Sock)]
    public readonly Udp6Sock* ToUdp6Sock() => KernelSocketCasts.ToUdp6Sock(Self);

    /// <summary>
    /// The kernel's <c>struct tcp_request_sock</c> (bpf_skc_to_tcp_request_sock), or null when this is not a TCP
    /// connection request (state <see cref="SocketState.NewSynReceived"/>); see <see cref="ToTcpSock"/>.
    /// </summary>
    [BpfHelper(BpfHelper.SkcToTcpRequestSock)]
    public readonly TcpRequestSock* ToTcpRequestSock() => KernelSocketCasts.ToTcpRequestSock(Self);

    /// <summary>
    /// The kernel's <c>struct tcp_timewait_sock</c> (bpf_skc_to_tcp_timewait_sock), or null when this is not a TCP
    /// connection in <see cref="SocketState.TimeWait"/>; see <see cref="ToTcpSock"/>.
    /// </summary>
    [BpfHelper(BpfHelper.SkcToTcpTimewaitSock)]
    public readonly TcpTimewaitSock* ToTcpTimewaitSock() => KernelSocketCasts.ToTcpTimewaitSock(Self);

    /// <summary>The kernel's <c>struct unix_sock</c> (bpf_skc_to_unix_sock), or null when this is not a unix socket; see <see cref="ToTcpSock"/>.</summary>
    [BpfHelper(BpfHelper.SkcToUnixSock)]
    public readonly UnixSock* ToUnixSock() => KernelSocketCasts.ToUnixSock(Self);

    /// <summary>
    /// The MPTCP connection this TCP socket is a subflow of (bpf_skc_to_mptcp_sock), or null. Managed: the connection
    /// <see cref="SocketTable.SetMptcpConnection"/> gave the table's entry, or null; see <see cref="ToTcpSock"/>.
    /// </summary>
    [BpfHelper(BpfHelper.SkcToMptcpSock)]
    public readonly MptcpSock* ToMptcpSock() => KernelSocketCasts.ToMptcpSock(Self);

    private readonly BpfSocket* Self => (BpfSocket*)Unsafe.AsPointer(ref Unsafe.AsRef(in this));
}
