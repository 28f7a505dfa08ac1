using System.Diagnostics.CodeAnalysis;

namespace TraitsBpf;

/// <summary>The kernel's <c>struct udp6_sock</c>, an IPv6 UDP socket, as <see cref="BpfSocket.ToUdp6Sock"/> returns it.</summary>
[KernelType("udp6_sock")]
public struct Udp6Sock
{
    /// <summary>The UDP socket (<c>udp</c>).</summary>
    [KernelField("udp")]
    public UdpSock Udp;

    /// <summary>Its IPv6 state (<c>inet6</c>).</summary>
    [KernelField("inet6")]
    public Ipv6Pinfo Inet6;

    /// <summary>The socket: its protocol, type, mark, buffers.</summary>
    [UnscopedRef]
    public readonly ref readonly Sock Sock => ref Udp.Inet.Sock;

    /// <summary>The addresses, ports, family and state.</summary>
    [UnscopedRef]
    public readonly ref readonly SockCommon Common => ref Udp.Inet.Sock.Common;
}
