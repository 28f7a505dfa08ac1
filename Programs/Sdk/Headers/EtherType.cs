namespace TraitsBpf;

/// <summary>EtherType values in host byte order; compare with <c>Net.Ntohs(eth->EtherType)</c>.</summary>
public static class EtherType
{
    /// <summary>IPv4 (ETH_P_IP).</summary>
    public const ushort IPv4 = 0x0800;
    /// <summary>ARP (ETH_P_ARP).</summary>
    public const ushort Arp = 0x0806;
    /// <summary>802.1Q VLAN tag (ETH_P_8021Q).</summary>
    public const ushort Vlan = 0x8100;
    /// <summary>802.1ad QinQ service tag (ETH_P_8021AD).</summary>
    public const ushort QinQ = 0x88A8;
    /// <summary>IPv6 (ETH_P_IPV6).</summary>
    public const ushort IPv6 = 0x86DD;
}
