namespace TraitsBpf;

/// <summary>IP protocol numbers (IPPROTO_*).</summary>
public static class IpProtocol
{
    /// <summary>ICMP.</summary>
    public const byte Icmp = 1;
    /// <summary>TCP.</summary>
    public const byte Tcp = 6;
    /// <summary>UDP.</summary>
    public const byte Udp = 17;
    /// <summary>IPv6 hop-by-hop options.</summary>
    public const byte IPv6HopByHop = 0;
    /// <summary>IPv6 routing header.</summary>
    public const byte IPv6Routing = 43;
    /// <summary>IPv6 fragment header.</summary>
    public const byte IPv6Fragment = 44;
    /// <summary>IPsec authentication header (an IPv6 extension header whose length counts 4-byte units).</summary>
    public const byte AuthenticationHeader = 51;
    /// <summary>ICMPv6.</summary>
    public const byte IcmpV6 = 58;
    /// <summary>IPv6 destination options.</summary>
    public const byte IPv6DestinationOptions = 60;
    /// <summary>IPv6 mobility header.</summary>
    public const byte IPv6Mobility = 135;
}
