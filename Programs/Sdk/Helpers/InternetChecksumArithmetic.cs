using System.Buffers.Binary;

namespace TraitsBpf;

/// <summary>The kernel's checksum arithmetic on x86-64, for the managed checksum helpers.</summary>
internal static class InternetChecksumArithmetic
{
    /// <summary>csum_partial: 32-bit words (little-endian) summed with end-around carry onto <paramref name="seed"/>.</summary>
    public static uint Partial(ReadOnlySpan<byte> data, uint seed)
    {
        ulong sum = seed;
        for (int i = 0; i + 4 <= data.Length; i += 4)
        {
            sum += BinaryPrimitives.ReadUInt32LittleEndian(data[i..]);
        }

        while (sum >> 32 != 0)
        {
            sum = (sum & 0xFFFFFFFF) + (sum >> 32);
        }

        return (uint)sum;
    }

    /// <summary>csum_add: 32-bit one's-complement addition.</summary>
    public static uint Add(uint a, uint b)
    {
        ulong sum = (ulong)a + b;
        return (uint)((sum & 0xFFFFFFFF) + (sum >> 32));
    }

    /// <summary>csum_from32to16: a 32-bit sum folded to 16 bits, not complemented.</summary>
    public static ushort From32To16(uint sum)
    {
        sum += (sum >> 16) | (sum << 16);
        return (ushort)(sum >> 16);
    }

    /// <summary>csum_fold: a 32-bit sum to the 16-bit complemented checksum.</summary>
    public static ushort Fold(uint sum)
    {
        sum = (sum & 0xFFFF) + (sum >> 16);
        sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }
}
