using System.Runtime.InteropServices;

namespace TraitsBpf;

/// <summary>An 802.1Q tag as it follows the Ethernet addresses' EtherType (struct vlan_hdr) (4 bytes). Multi-byte fields are in network byte order, as on the wire: convert with <see cref="Net"/>.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public unsafe struct VlanHeader
{
    /// <summary>Priority, drop eligibility and VLAN id.</summary>
    public ushort Tci;

    /// <summary>The EtherType of what follows the tag.</summary>
    public ushort EncapsulatedProtocol;

    /// <summary>The VLAN id (low 12 bits of the TCI).</summary>
    public readonly int VlanId => Net.Ntohs(Tci) & 0x0FFF;
}
