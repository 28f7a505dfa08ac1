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

    // Host-order numbers over the first word, as C's bit fields: a value wider than its field is
    // cut to the field's width, and the other fields keep their bits.

    /// <summary>The IP version, the first four bits (6 for a valid header).</summary>
    public int Version
    {
        readonly get => (int)(Net.Ntohl(VersionClassFlow) >> 28);
        set => VersionClassFlow = Net.Htonl((Net.Ntohl(VersionClassFlow) & 0x0FFFFFFF) | ((uint)(value & 0xF) << 28));
    }

    /// <summary>The traffic class, the eight bits after the version (DSCP in the high six, ECN in the low two).</summary>
    public int TrafficClass
    {
        readonly get => (int)((Net.Ntohl(VersionClassFlow) >> 20) & 0xFF);
        set => VersionClassFlow = Net.Htonl((Net.Ntohl(VersionClassFlow) & 0xF00FFFFF) | ((uint)(value & 0xFF) << 20));
    }

    /// <summary>The differentiated services code point, the high six bits of <see cref="TrafficClass"/>.</summary>
    public int Dscp
    {
        readonly get => TrafficClass >> 2;
        set => TrafficClass = (TrafficClass & 0x03) | ((value & 0x3F) << 2);
    }

    /// <summary>The explicit congestion notification, the low two bits of <see cref="TrafficClass"/>.</summary>
    public int Ecn
    {
        readonly get => TrafficClass & 0x03;
        set => TrafficClass = (TrafficClass & 0xFC) | (value & 0x03);
    }

    /// <summary>The flow label, the low 20 bits of the first word.</summary>
    public int FlowLabel
    {
        readonly get => (int)(Net.Ntohl(VersionClassFlow) & 0xFFFFF);
        set => VersionClassFlow = Net.Htonl((Net.Ntohl(VersionClassFlow) & 0xFFF00000) | ((uint)value & 0xFFFFF));
    }
}
