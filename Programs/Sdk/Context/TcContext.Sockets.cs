using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>The socket lookups of a TC program and the identity of the packet's own socket.</summary>
public sealed unsafe partial class TcContext
{
    /// <summary>
    /// The TCP socket in the packet's network namespace that a packet with <paramref name="tuple"/> would reach
    /// (bpf_sk_lookup_tcp); see <see cref="XdpContext.LookupTcp(in IPv4SocketTuple)"/>.
    /// </summary>
    [BpfIntrinsic("sk_lookup_tcp", Helper = BpfHelper.SkLookupTcp)]
    public BpfSocket* LookupTcp(in IPv4SocketTuple tuple) => SocketTable.Lookup(SocketTable.Tcp, tuple);

    /// <summary>As <see cref="LookupTcp(in IPv4SocketTuple)"/>, for an IPv6 packet.</summary>
    [BpfIntrinsic("sk_lookup_tcp", Helper = BpfHelper.SkLookupTcp)]
    public BpfSocket* LookupTcp(in IPv6SocketTuple tuple) => SocketTable.Lookup(SocketTable.Tcp, tuple);

    /// <summary>
    /// As <see cref="LookupTcp(in IPv4SocketTuple)"/>, finding time-wait and request sockets too
    /// (bpf_skc_lookup_tcp), as a <see cref="BpfSocketCommon"/>; <see cref="BpfSocketCommon.Release"/> it on every path.
    /// </summary>
    [BpfIntrinsic("skc_lookup_tcp", Helper = BpfHelper.SkcLookupTcp)]
    public BpfSocketCommon* LookupTcpCommon(in IPv4SocketTuple tuple) => (BpfSocketCommon*)SocketTable.LookupCommon(SocketTable.Tcp, tuple);

    /// <summary>As <see cref="LookupTcpCommon(in IPv4SocketTuple)"/>, for an IPv6 packet.</summary>
    [BpfIntrinsic("skc_lookup_tcp", Helper = BpfHelper.SkcLookupTcp)]
    public BpfSocketCommon* LookupTcpCommon(in IPv6SocketTuple tuple) => (BpfSocketCommon*)SocketTable.LookupCommon(SocketTable.Tcp, tuple);

    /// <summary>The UDP socket a datagram with <paramref name="tuple"/> would reach (bpf_sk_lookup_udp); see <see cref="XdpContext.LookupUdp(in IPv4SocketTuple)"/>.</summary>
    [BpfIntrinsic("sk_lookup_udp", Helper = BpfHelper.SkLookupUdp)]
    public BpfSocket* LookupUdp(in IPv4SocketTuple tuple) => SocketTable.Lookup(SocketTable.Udp, tuple);

    /// <summary>As <see cref="LookupUdp(in IPv4SocketTuple)"/>, for an IPv6 datagram.</summary>
    [BpfIntrinsic("sk_lookup_udp", Helper = BpfHelper.SkLookupUdp)]
    public BpfSocket* LookupUdp(in IPv6SocketTuple tuple) => SocketTable.Lookup(SocketTable.Udp, tuple);

    /// <summary>
    /// The socket the packet belongs to (<c>skb->sk</c>), or null: at egress the socket that sent it (a full socket,
    /// or the request socket a SYN-ACK answers for), at ingress one early demux or <see cref="AssignSocket"/> gave it.
    /// It holds no reference (never release it) and may be of any kind; <see cref="BpfSocketCommon.ToTcpSock"/> and
    /// the other casts tell. In the kernel's test run it is a socket the run makes up, of the packet's family and no
    /// protocol. Managed: a <see cref="SocketTable"/> entry the test sets (null by default).
    /// </summary>
    public BpfSocketCommon* Socket { [BpfIntrinsic("__sk_buff.sk")] get; set; }

    /// <summary>
    /// Delivers the packet to <paramref name="socket"/> whatever its destination port (bpf_sk_assign): at TC
    /// ingress only, and the packet must still reach the local stack (return <see cref="TcAction.Ok"/>). 0, -EINVAL
    /// for a null socket or flags other than 0, -EOPNOTSUPP away from ingress (the kernel's test run is not at
    /// ingress) or for a socket that is not bound, -ENETUNREACH for a socket of another namespace. The socket's
    /// reference stays the program's to release. Managed: 0 when <see cref="AtIngress"/>, and
    /// <see cref="AssignedSocket"/> says which socket.
    /// </summary>
    [BpfHelper(BpfHelper.SkAssign)]
    public int AssignSocket(BpfSocket* socket, ulong flags = 0)
    {
        if (socket == null || flags != 0)
        {
            return -Errno.EINVAL;
        }

        if (!AtIngress)
        {
            return -Errno.EOPNOTSUPP;
        }

        AssignedSocket = socket;
        return 0;
    }

    /// <summary>Managed execution's input: whether the program runs at ingress, where <see cref="AssignSocket"/> works (default false, as in the kernel's test run).</summary>
    public bool AtIngress { get; set; }

    /// <summary>Managed execution's output: the socket <see cref="AssignSocket"/> gave the packet to, or null.</summary>
    public BpfSocket* AssignedSocket { get; private set; }

    /// <summary>
    /// The cookie of the socket that owns the packet (bpf_get_socket_cookie), 0 when none; a cookie is unique
    /// to a socket for as long as the system runs. Managed: <see cref="SocketCookie"/>, which a test sets.
    /// </summary>
    [BpfHelper(BpfHelper.GetSocketCookie)]
    public ulong GetSocketCookie() => SocketCookie;

    /// <summary>
    /// The user id owning the packet's socket (bpf_get_socket_uid), or the overflow uid 65534 when the packet
    /// has no full socket. Managed: <see cref="SocketUid"/>, which a test sets.
    /// </summary>
    [BpfHelper(BpfHelper.GetSocketUid)]
    public uint GetSocketUid() => SocketUid;

    /// <summary>
    /// The cookie of the network namespace the packet is in (bpf_get_netns_cookie, which Linux 6.18 lets TC programs call and 6.12 did not): what
    /// <c>getsockopt(SO_NETNS_COOKIE)</c> gives for a socket there, unique to the namespace for as long as the system
    /// runs. Managed: <see cref="NetnsCookie"/>, which a test sets.
    /// </summary>
    [BpfHelper(BpfHelper.GetNetnsCookie)]
    public ulong GetNetnsCookie() => NetnsCookie;

    /// <summary>Managed execution's input: the cookie <see cref="GetSocketCookie"/> returns (the kernel's is its own).</summary>
    public ulong SocketCookie { get; set; }

    /// <summary>Managed execution's input: the cookie <see cref="GetNetnsCookie"/> returns.</summary>
    public ulong NetnsCookie { get; set; }

    /// <summary>Managed execution's input: the uid <see cref="GetSocketUid"/> returns.</summary>
    public uint SocketUid { get; set; } = SocketTable.OverflowUid;
}
