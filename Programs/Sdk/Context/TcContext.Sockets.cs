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

    /// <summary>The UDP socket a datagram with <paramref name="tuple"/> would reach (bpf_sk_lookup_udp); see <see cref="XdpContext.LookupUdp(in IPv4SocketTuple)"/>.</summary>
    [BpfIntrinsic("sk_lookup_udp", Helper = BpfHelper.SkLookupUdp)]
    public BpfSocket* LookupUdp(in IPv4SocketTuple tuple) => SocketTable.Lookup(SocketTable.Udp, tuple);

    /// <summary>As <see cref="LookupUdp(in IPv4SocketTuple)"/>, for an IPv6 datagram.</summary>
    [BpfIntrinsic("sk_lookup_udp", Helper = BpfHelper.SkLookupUdp)]
    public BpfSocket* LookupUdp(in IPv6SocketTuple tuple) => SocketTable.Lookup(SocketTable.Udp, tuple);

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

    /// <summary>Managed execution's input: the cookie <see cref="GetSocketCookie"/> returns (the kernel's is its own).</summary>
    public ulong SocketCookie { get; set; }

    /// <summary>Managed execution's input: the uid <see cref="GetSocketUid"/> returns.</summary>
    public uint SocketUid { get; set; } = SocketTable.OverflowUid;
}
