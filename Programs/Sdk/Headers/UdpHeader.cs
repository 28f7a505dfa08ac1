using System.Runtime.InteropServices;

namespace TraitsBpf;

/// <summary>A UDP header (struct udphdr) (8 bytes). Multi-byte fields are in network byte order, as on the wire: convert with <see cref="Net"/>.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public unsafe struct UdpHeader
{
    /// <summary>Source port.</summary>
    public ushort SourcePort;

    /// <summary>Destination port.</summary>
    public ushort DestinationPort;

    /// <summary>Length of header and payload.</summary>
    public ushort Length;

    /// <summary>Checksum (0 when unused over IPv4).</summary>
    public ushort Checksum;
}
