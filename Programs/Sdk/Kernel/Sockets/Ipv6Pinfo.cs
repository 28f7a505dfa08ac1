namespace TraitsBpf;

/// <summary>The kernel's <c>struct ipv6_pinfo</c>: the IPv6 state an IPv6 TCP or UDP socket carries after its own struct.</summary>
[KernelType("ipv6_pinfo")]
public struct Ipv6Pinfo
{
    /// <summary>The source address the socket sends from (<c>saddr</c>): the bound or chosen local address, unspecified until there is one.</summary>
    [KernelField("saddr")]
    public In6Addr SourceAddress;

    /// <summary>The unicast hop limit, IPV6_UNICAST_HOPS (<c>hop_limit</c>); -1 while the route's default applies.</summary>
    [KernelField("hop_limit")]
    public short HopLimit;

    /// <summary>The traffic class, IPV6_TCLASS (<c>tclass</c>).</summary>
    [KernelField("tclass")]
    public byte TrafficClass;
}
