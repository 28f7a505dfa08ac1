namespace TraitsBpf;

/// <summary>
/// Internet checksum arithmetic (RFC 1071) for programs that rewrite headers: incremental
/// updates (RFC 1624) so a changed field does not mean summing the whole header again.
/// Checksums and fields are taken as they are in the packet (network byte order); the
/// one's-complement sum is byte-order independent, so no conversion is needed.
/// </summary>
public static class Checksum
{
    /// <summary>Folds a 32-bit one's-complement sum to 16 bits (without complementing).</summary>
    public static ushort Fold(uint sum)
    {
        sum = (sum & 0xFFFF) + (sum >> 16);
        sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)sum;
    }

    /// <summary>The checksum after a 16-bit field changes from <paramref name="from"/> to <paramref name="to"/> (RFC 1624, eqn. 3).</summary>
    public static ushort Replace16(ushort check, ushort from, ushort to)
    {
        uint sum = (uint)(ushort)~check + (ushort)~from + to;
        return (ushort)~Fold(sum);
    }

    /// <summary>The checksum after a 32-bit field changes from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static ushort Replace32(ushort check, uint from, uint to)
    {
        uint sum = (uint)(ushort)~check + (ushort)~from + (ushort)~(from >> 16) + (ushort)to + (to >> 16);
        return (ushort)~Fold(sum);
    }

    /// <summary>The checksum of <paramref name="length"/> bytes (an even number, at most 64) at <paramref name="data"/>.</summary>
    public static unsafe ushort Compute(byte* data, int length)
    {
        uint sum = 0;
        for (int i = 0; i < 32 && 2 * i < length; i++)
        {
            sum += *(ushort*)(data + 2 * i);
        }

        return (ushort)~Fold(sum);
    }
}
