namespace TraitsBpf.Ports;

/// <summary>The first two bytes every IPv6 extension header starts with (C: <c>struct ipv6_opt_hdr</c>).</summary>
public struct Ipv6OptionHeader
{
    /// <summary>The type of the header after this one.</summary>
    public byte NextHeader;

    /// <summary>The header's length, in units its type defines.</summary>
    public byte HeaderLength;
}
