using System.Runtime.InteropServices;

namespace TraitsBpf;

/// <summary>An Ethernet II header (struct ethhdr) (14 bytes). Multi-byte fields are in network byte order, as on the wire: convert with <see cref="Net"/>.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public unsafe struct EthernetHeader
{
    /// <summary>Destination MAC address.</summary>
    public fixed byte Destination[6];

    /// <summary>Source MAC address.</summary>
    public fixed byte Source[6];

    /// <summary>The EtherType of the payload (see <see cref="EtherType"/>), network byte order.</summary>
    public ushort EtherType;
}
