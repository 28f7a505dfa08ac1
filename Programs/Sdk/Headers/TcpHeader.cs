using System.Runtime.InteropServices;

namespace TraitsBpf;

/// <summary>A TCP header without options (struct tcphdr) (20 bytes). Multi-byte fields are in network byte order, as on the wire: convert with <see cref="Net"/>.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public unsafe struct TcpHeader
{
    /// <summary>Source port.</summary>
    public ushort SourcePort;

    /// <summary>Destination port.</summary>
    public ushort DestinationPort;

    /// <summary>Sequence number.</summary>
    public uint Sequence;

    /// <summary>Acknowledgment number.</summary>
    public uint Acknowledgment;

    /// <summary>Data offset in 32-bit words (high nibble) and reserved bits.</summary>
    public byte DataOffset;

    /// <summary>Flags: FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG 0x20, ECE 0x40, CWR 0x80.</summary>
    public byte Flags;

    /// <summary>Receive window.</summary>
    public ushort Window;

    /// <summary>Checksum.</summary>
    public ushort Checksum;

    /// <summary>Urgent pointer.</summary>
    public ushort UrgentPointer;

    /// <summary>The header length in bytes, options included (data offset × 4).</summary>
    public readonly int HeaderLength => (DataOffset >> 4) << 2;
}
