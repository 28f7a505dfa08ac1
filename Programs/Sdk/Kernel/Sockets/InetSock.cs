namespace TraitsBpf;

/// <summary>The kernel's <c>struct inet_sock</c>: an IPv4 or IPv6 socket, a <see cref="Sock"/> with its IP options.</summary>
[KernelType("inet_sock")]
public struct InetSock
{
    /// <summary>The socket (<c>sk</c>).</summary>
    [KernelField("sk")]
    public Sock Sock;

    /// <summary>The unicast TTL, IP_TTL (<c>uc_ttl</c>); -1 while the route's default applies.</summary>
    [KernelField("uc_ttl")]
    public short UnicastTtl;

    /// <summary>The type of service byte, IP_TOS (<c>tos</c>).</summary>
    [KernelField("tos")]
    public byte Tos;
}
