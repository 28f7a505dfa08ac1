namespace TraitsBpf;

/// <summary>
/// The bpf_skc_to_* casts as managed execution runs them: the kernel's test of which sockets each accepts
/// (net/core/filter.c), applied to the <see cref="SocketTable"/> entry's <c>struct bpf_sock</c> fields, and then the
/// kernel struct the test gave that entry (<see cref="SocketTable.SetKernelSocket{TView}"/>). A cast the kernel would
/// answer for a socket the test gave no kernel struct throws rather than make one up.
/// </summary>
internal static unsafe class KernelSocketCasts
{
    private const uint AfUnix = 1;
    private const uint AfInet6 = 10;
    private const uint SockDgram = 2;

    /// <summary>A full socket whose protocol is TCP.</summary>
    public static TcpSock* ToTcpSock(BpfSocket* socket) =>
        SocketTable.KernelSocketOf<TcpSock>(socket, SocketTable.IsFull(socket) && socket->Protocol == SocketTable.Tcp);

    /// <summary>A full TCP socket of the IPv6 family.</summary>
    public static Tcp6Sock* ToTcp6Sock(BpfSocket* socket) =>
        SocketTable.KernelSocketOf<Tcp6Sock>(socket, SocketTable.IsFull(socket) && socket->Protocol == SocketTable.Tcp && socket->Family == AfInet6);

    /// <summary>A full UDP datagram socket of the IPv6 family.</summary>
    public static Udp6Sock* ToUdp6Sock(BpfSocket* socket) =>
        SocketTable.KernelSocketOf<Udp6Sock>(socket, SocketTable.IsFull(socket) && socket->Protocol == SocketTable.Udp && socket->Type == SockDgram && socket->Family == AfInet6);

    /// <summary>A TCP socket in <see cref="SocketState.NewSynReceived"/> (the kernel tests that its protocol operations are TCP's).</summary>
    public static TcpRequestSock* ToTcpRequestSock(BpfSocket* socket) =>
        SocketTable.KernelSocketOf<TcpRequestSock>(socket, socket->Protocol == SocketTable.Tcp && socket->State == (uint)SocketState.NewSynReceived);

    /// <summary>A TCP socket in <see cref="SocketState.TimeWait"/>.</summary>
    public static TcpTimewaitSock* ToTcpTimewaitSock(BpfSocket* socket) =>
        SocketTable.KernelSocketOf<TcpTimewaitSock>(socket, socket->Protocol == SocketTable.Tcp && socket->State == (uint)SocketState.TimeWait);

    /// <summary>A full socket of the unix family.</summary>
    public static UnixSock* ToUnixSock(BpfSocket* socket) =>
        SocketTable.KernelSocketOf<UnixSock>(socket, SocketTable.IsFull(socket) && socket->Family == AfUnix);

    /// <summary>A full TCP socket that is a subflow of an MPTCP connection: the connection's socket.</summary>
    public static MptcpSock* ToMptcpSock(BpfSocket* socket) =>
        SocketTable.IsFull(socket) && socket->Protocol == SocketTable.Tcp ? SocketTable.MptcpConnectionOf(socket) : null;
}
