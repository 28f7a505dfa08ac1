using System.Runtime.InteropServices;

namespace TraitsBpf;

/// <summary>An ICMP echo header (struct icmphdr) (8 bytes). Multi-byte fields are in network byte order, as on the wire: convert with <see cref="Net"/>.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public unsafe struct IcmpHeader
{
    /// <summary>Message type (8 echo request, 0 echo reply).</summary>
    public byte Type;

    /// <summary>Message code.</summary>
    public byte Code;

    /// <summary>Checksum over the ICMP message.</summary>
    public ushort Checksum;

    /// <summary>Echo identifier.</summary>
    public ushort Id;

    /// <summary>Echo sequence number.</summary>
    public ushort Sequence;
}
