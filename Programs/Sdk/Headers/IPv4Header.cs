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

    // The bit fields below read and write host-order numbers, as C's bit fields do: a value
    // wider than the field is cut to the field's width, and the neighbouring bits are kept.

    /// <summary>The IP version, the high nibble of the first byte (4 for a valid header).</summary>
    public int Version
    {
        readonly get => VersionIhl >> 4;
        set => VersionIhl = (byte)((VersionIhl & 0x0F) | ((value & 0x0F) << 4));
    }

    /// <summary>The header length in 32-bit words (the low nibble of the first byte; 5 without options).</summary>
    public int Ihl
    {
        readonly get => VersionIhl & 0x0F;
        set => VersionIhl = (byte)((VersionIhl & 0xF0) | (value & 0x0F));
    }

    /// <summary>The differentiated services code point, the high six bits of <see cref="Tos"/>.</summary>
    public int Dscp
    {
        readonly get => Tos >> 2;
        set => Tos = (byte)((Tos & 0x03) | ((value & 0x3F) << 2));
    }

    /// <summary>The explicit congestion notification, the low two bits of <see cref="Tos"/>.</summary>
    public int Ecn
    {
        readonly get => Tos & 0x03;
        set => Tos = (byte)((Tos & 0xFC) | (value & 0x03));
    }

    /// <summary>The three flag bits above the fragment offset: 4 reserved, 2 don't fragment, 1 more fragments.</summary>
    public int FragmentFlags
    {
        readonly get => Net.Ntohs(FragmentOffset) >> 13;
        set => FragmentOffset = Net.Htons((ushort)((Net.Ntohs(FragmentOffset) & 0x1FFF) | ((value & 0x7) << 13)));
    }

    /// <summary>The don't-fragment flag (DF).</summary>
    public bool DontFragment
    {
        readonly get => (Net.Ntohs(FragmentOffset) & 0x4000) != 0;
        set => FragmentOffset = Net.Htons((ushort)(value ? Net.Ntohs(FragmentOffset) | 0x4000 : Net.Ntohs(FragmentOffset) & ~0x4000));
    }

    /// <summary>The more-fragments flag (MF).</summary>
    public bool MoreFragments
    {
        readonly get => (Net.Ntohs(FragmentOffset) & 0x2000) != 0;
        set => FragmentOffset = Net.Htons((ushort)(value ? Net.Ntohs(FragmentOffset) | 0x2000 : Net.Ntohs(FragmentOffset) & ~0x2000));
    }

    /// <summary>The fragment's offset in 8-byte units (the low 13 bits of <see cref="FragmentOffset"/>).</summary>
    public int FragmentOffsetBlocks
    {
        readonly get => Net.Ntohs(FragmentOffset) & 0x1FFF;
        set => FragmentOffset = Net.Htons((ushort)((Net.Ntohs(FragmentOffset) & 0xE000) | (value & 0x1FFF)));
    }
}
