namespace TraitsBpf;

/// <summary>
/// The kernel's <c>struct sock_common</c>: the part every socket starts with, full, request and time-wait sockets
/// alike (addresses, ports, family, state), as the views the socket casts return reach it (<c>tcp->Common</c>). Each
/// field read is a CO-RE relocation; the C# layout only serves managed runs, where a test fills it in.
/// </summary>
[KernelType("sock_common")]
public struct SockCommon
{
    /// <summary>The remote IPv4 address, network byte order (<c>skc_daddr</c>); 0 for a listening or unconnected socket.</summary>
    [KernelField("skc_daddr")]
    public uint DestinationIPv4;

    /// <summary>The local IPv4 address the socket is bound to, network byte order (<c>skc_rcv_saddr</c>); 0 for any.</summary>
    [KernelField("skc_rcv_saddr")]
    public uint SourceIPv4;

    /// <summary>The remote port, network byte order (<c>skc_dport</c>).</summary>
    [KernelField("skc_dport")]
    public ushort DestinationPort;

    /// <summary>The local port, host byte order (<c>skc_num</c>).</summary>
    [KernelField("skc_num")]
    public ushort SourcePort;

    /// <summary>AF_UNIX (1), AF_INET (2), AF_INET6 (10), ... (<c>skc_family</c>).</summary>
    [KernelField("skc_family")]
    public ushort Family;

    /// <summary>The state (<c>skc_state</c>, a <see cref="SocketState"/>; unix sockets use the same numbers).</summary>
    [KernelField("skc_state")]
    public byte State;

    /// <summary>The interface the socket is bound to (SO_BINDTODEVICE), 0 when none (<c>skc_bound_dev_if</c>).</summary>
    [KernelField("skc_bound_dev_if")]
    public int BoundDeviceIfindex;

    /// <summary>The remote IPv6 address (<c>skc_v6_daddr</c>).</summary>
    [KernelField("skc_v6_daddr")]
    public In6Addr DestinationIPv6;

    /// <summary>The local IPv6 address the socket is bound to (<c>skc_v6_rcv_saddr</c>).</summary>
    [KernelField("skc_v6_rcv_saddr")]
    public In6Addr SourceIPv6;

    /// <summary>
    /// The socket's cookie (<c>skc_cookie</c>), what SO_COOKIE and bpf_get_socket_cookie give: 0 until one of them
    /// first asks, then fixed for the socket's life.
    /// </summary>
    [KernelField("skc_cookie")]
    public Atomic64 Cookie;

    /// <summary>Of a time-wait socket: the next sequence number it expects from the peer (<c>skc_tw_rcv_nxt</c>, shared with other sockets' fields).</summary>
    [KernelField("skc_tw_rcv_nxt")]
    public uint TimewaitReceiveNext;

    /// <summary>Of a time-wait socket: the sequence number after the last it sent, its FIN (<c>skc_tw_snd_nxt</c>, shared with other sockets' fields).</summary>
    [KernelField("skc_tw_snd_nxt")]
    public uint TimewaitSendNext;
}
