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

    // Host-order numbers over the TCI, as C's bit fields: a value wider than its field is cut to
    // the field's width, and the other fields keep their bits.

    /// <summary>The VLAN id (low 12 bits of the TCI).</summary>
    public int VlanId
    {
        readonly get => Net.Ntohs(Tci) & 0x0FFF;
        set => Tci = Net.Htons((ushort)((Net.Ntohs(Tci) & 0xF000) | (value & 0x0FFF)));
    }

    /// <summary>The priority code point (802.1p), the top three bits of the TCI.</summary>
    public int Pcp
    {
        readonly get => Net.Ntohs(Tci) >> 13;
        set => Tci = Net.Htons((ushort)((Net.Ntohs(Tci) & 0x1FFF) | ((value & 0x7) << 13)));
    }

    /// <summary>The drop eligible indicator, the bit between the priority and the VLAN id.</summary>
    public bool Dei
    {
        readonly get => (Net.Ntohs(Tci) & 0x1000) != 0;
        set => Tci = Net.Htons((ushort)(value ? Net.Ntohs(Tci) | 0x1000 : Net.Ntohs(Tci) & ~0x1000));
    }
}
