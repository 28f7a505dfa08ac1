using System.Buffers.Binary;

namespace TraitsBpf.Testing.Packets;

/// <summary>
/// The RFC 1071 Internet checksum, computed the plain way: <see cref="FrameBuilder"/> fills frames
/// in with it, and it is the reference the programs' incremental updates are checked against.
/// </summary>
public static class InternetChecksum
{
    /// <summary>The checksum of <paramref name="data"/> preceded by <paramref name="pseudoHeader"/>, in host order.</summary>
    public static ushort Compute(ReadOnlySpan<byte> data, ReadOnlySpan<byte> pseudoHeader = default)
    {
        uint sum = Sum(pseudoHeader) + Sum(data);
        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    /// <summary>True when the data, checksum field included, sums to all ones (a valid checksum).</summary>
    public static bool IsValid(ReadOnlySpan<byte> data, ReadOnlySpan<byte> pseudoHeader = default) => Compute(data, pseudoHeader) == 0;

    // A pseudo-header is always of even length, so the two parts can be summed separately.
    private static uint Sum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (int i = 0; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if (data.Length % 2 == 1)
        {
            sum += (uint)data[^1] << 8;
        }

        return sum;
    }
}
