using System.Diagnostics.CodeAnalysis;

namespace TraitsBpf;

/// <summary>The kernel's <c>struct tcp6_sock</c>, an IPv6 TCP socket, as <see cref="BpfSocket.ToTcp6Sock"/> returns it.</summary>
[KernelType("tcp6_sock")]
public struct Tcp6Sock
{
    /// <summary>The TCP socket (<c>tcp</c>).</summary>
    [KernelField("tcp")]
    public TcpSock Tcp;

    /// <summary>Its IPv6 state (<c>inet6</c>).</summary>
    [KernelField("inet6")]
    public Ipv6Pinfo Inet6;

    /// <summary>The addresses, ports, family and state.</summary>
    [UnscopedRef]
    public readonly ref readonly SockCommon Common => ref Tcp.Connection.Inet.Sock.Common;
}
