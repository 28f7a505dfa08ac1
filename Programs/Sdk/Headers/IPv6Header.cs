using System.Runtime.InteropServices;

namespace TraitsBpf;

/// <summary>An IPv6 fixed header (struct ipv6hdr) (40 bytes). Multi-byte fields are in network byte order, as on the wire: convert with <see cref="Net"/>.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public unsafe struct IPv6Header
{
    /// <summary>Version (4 bits), traffic class (8 bits) and flow label (20 bits).</summary>
    public uint VersionClassFlow;

    /// <summary>Length of everything after this header.</summary>
    public ushort PayloadLength;

    /// <summary>The next header's protocol (see <see cref="IpProtocol"/>).</summary>
    public byte NextHeader;

    /// <summary>Hop limit.</summary>
    public byte HopLimit;

    /// <summary>Source address.</summary>
    public fixed byte Source[16];

    /// <summary>Destination address.</summary>
    public fixed byte Destination[16];
}
