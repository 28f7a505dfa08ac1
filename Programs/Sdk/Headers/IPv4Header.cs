using System.Runtime.InteropServices;

namespace TraitsBpf;

/// <summary>An IPv4 header without options (struct iphdr) (20 bytes). Multi-byte fields are in network byte order, as on the wire: convert with <see cref="Net"/>.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public unsafe struct IPv4Header
{
    /// <summary>Version (high nibble) and header length in 32-bit words (low nibble).</summary>
    public byte VersionIhl;

    /// <summary>DSCP (high six bits) and ECN (low two bits).</summary>
    public byte Tos;

    /// <summary>Total length of the datagram.</summary>
    public ushort TotalLength;

    /// <summary>Identification.</summary>
    public ushort Id;

    /// <summary>Flags and fragment offset.</summary>
    public ushort FragmentOffset;

    /// <summary>Time to live.</summary>
    public byte Ttl;

    /// <summary>The payload protocol (see <see cref="IpProtocol"/>).</summary>
    public byte Protocol;

    /// <summary>Header checksum.</summary>
    public ushort Checksum;

    /// <summary>Source address.</summary>
    public uint Source;

    /// <summary>Destination address.</summary>
    public uint Destination;

    /// <summary>The header length in bytes, options included (IHL × 4).</summary>
    public readonly int HeaderLength => (VersionIhl & 0x0F) << 2;

    /// <summary>The IP version from the high nibble (4 for a valid header).</summary>
    public readonly int Version => VersionIhl >> 4;
}
