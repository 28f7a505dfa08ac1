namespace TraitsBpf.Differential.Tests.Packets;

/// <summary>The RFC 1071 Internet checksum, computed the straightforward way, for building valid frames.</summary>
public static class InternetChecksum
{
    /// <summary>The checksum of <paramref name="data"/> preceded by <paramref name="prefix"/> (a pseudo-header), in host order.</summary>
    public static ushort Compute(ReadOnlySpan<byte> data, ReadOnlySpan<byte> prefix = default)
    {
        uint sum = Sum(prefix) + Sum(data);
        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    // The prefix is always of even length, so the two halves can be summed separately.
    private static uint Sum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (int i = 0; i + 1 < data.Length; i += 2)
        {
            sum += (uint)(data[i] << 8 | data[i + 1]);
        }

        if (data.Length % 2 == 1)
        {
            sum += (uint)(data[^1] << 8);
        }

        return sum;
    }
}
