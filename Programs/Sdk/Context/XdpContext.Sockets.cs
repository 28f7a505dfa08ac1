using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>The socket lookups of an XDP program.</summary>
public sealed unsafe partial class XdpContext
{
    /// <summary>
    /// The TCP socket in the receiving interface's network namespace that a packet with <paramref name="tuple"/>
    /// would reach (bpf_sk_lookup_tcp): a connected socket, else a listener; null when none. The result holds a
    /// reference: <see cref="BpfSocket.Release"/> it on every path. Managed: the <see cref="SocketTable"/>.
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

    /// <summary>
    /// The UDP socket a datagram with <paramref name="tuple"/> would be delivered to (bpf_sk_lookup_udp), or null;
    /// <see cref="BpfSocket.Release"/> it on every path. Managed: the <see cref="SocketTable"/>.
    /// </summary>
    [BpfIntrinsic("sk_lookup_udp", Helper = BpfHelper.SkLookupUdp)]
    public BpfSocket* LookupUdp(in IPv4SocketTuple tuple) => SocketTable.Lookup(SocketTable.Udp, tuple);

    /// <summary>As <see cref="LookupUdp(in IPv4SocketTuple)"/>, for an IPv6 datagram.</summary>
    [BpfIntrinsic("sk_lookup_udp", Helper = BpfHelper.SkLookupUdp)]
    public BpfSocket* LookupUdp(in IPv6SocketTuple tuple) => SocketTable.Lookup(SocketTable.Udp, tuple);
}
