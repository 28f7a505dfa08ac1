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

    // Host-order numbers and single bits, as C's bit fields: a value wider than its field is cut
    // to the field's width, and the neighbouring bits are kept.

    /// <summary>The data offset in 32-bit words, the high nibble of <see cref="DataOffset"/> (5 without options).</summary>
    public int DataOffsetWords
    {
        readonly get => DataOffset >> 4;
        set => DataOffset = (byte)((DataOffset & 0x0F) | ((value & 0x0F) << 4));
    }

    /// <summary>The FIN: the sender has finished sending.</summary>
    public bool Fin
    {
        readonly get => (Flags & 0x01) != 0;
        set => Flags = (byte)(value ? Flags | 0x01 : Flags & ~0x01);
    }

    /// <summary>The SYN: synchronize sequence numbers.</summary>
    public bool Syn
    {
        readonly get => (Flags & 0x02) != 0;
        set => Flags = (byte)(value ? Flags | 0x02 : Flags & ~0x02);
    }

    /// <summary>The RST: reset the connection.</summary>
    public bool Rst
    {
        readonly get => (Flags & 0x04) != 0;
        set => Flags = (byte)(value ? Flags | 0x04 : Flags & ~0x04);
    }

    /// <summary>The PSH: push the data to the application.</summary>
    public bool Psh
    {
        readonly get => (Flags & 0x08) != 0;
        set => Flags = (byte)(value ? Flags | 0x08 : Flags & ~0x08);
    }

    /// <summary>The ACK: the acknowledgment number is valid.</summary>
    public bool Ack
    {
        readonly get => (Flags & 0x10) != 0;
        set => Flags = (byte)(value ? Flags | 0x10 : Flags & ~0x10);
    }

    /// <summary>The URG: the urgent pointer is valid.</summary>
    public bool Urg
    {
        readonly get => (Flags & 0x20) != 0;
        set => Flags = (byte)(value ? Flags | 0x20 : Flags & ~0x20);
    }

    /// <summary>The ECE: ECN echo.</summary>
    public bool Ece
    {
        readonly get => (Flags & 0x40) != 0;
        set => Flags = (byte)(value ? Flags | 0x40 : Flags & ~0x40);
    }

    /// <summary>The CWR: congestion window reduced.</summary>
    public bool Cwr
    {
        readonly get => (Flags & 0x80) != 0;
        set => Flags = (byte)(value ? Flags | 0x80 : Flags & ~0x80);
    }
}
