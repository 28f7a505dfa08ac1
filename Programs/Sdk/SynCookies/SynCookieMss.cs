namespace TraitsBpf;

/// <summary>
/// The MSS side of a SYN cookie as the kernel has it: a cookie has room for a two-bit index into a table of four
/// MSS values (net/ipv4/syncookies.c, net/ipv6/syncookies.c), so a SYN's MSS is rounded down to the largest entry
/// not above it (the smallest entry when it is below them all), and the MSS option is read from the SYN's
/// options as tcp_parse_mss_option reads it.
/// </summary>
internal static class SynCookieMss
{
    /// <summary>The IPv4 table: 536 (the default MSS), 1300, 1440 (PPPoE), 1460 (Ethernet).</summary>
    public static readonly ushort[] IPv4 = [536, 1300, 1440, 1460];

    /// <summary>The IPv6 table: 1280 - 60 (the minimum MTU), 1480 - 60, 1500 - 60, 9000 - 60.</summary>
    public static readonly ushort[] IPv6 = [1220, 1420, 1440, 8940];

    /// <summary>The MSS an IPv4 SYN without a usable MSS option gets (TCP_MSS_DEFAULT).</summary>
    public const ushort DefaultIPv4 = 536;

    /// <summary>The MSS an IPv6 SYN without a usable MSS option gets: the minimum MTU less the IPv6 and TCP headers.</summary>
    public const ushort DefaultIPv6 = 1280 - 40 - 20;

    private const byte EndOfOptions = 0;
    private const byte NoOperation = 1;
    private const byte MaximumSegmentSize = 2;
    private const byte MaximumSegmentSizeLength = 4;

    /// <summary>The index of the largest entry of <paramref name="table"/> not above <paramref name="mss"/>, or 0.</summary>
    public static int Index(ushort[] table, ushort mss)
    {
        int index = table.Length - 1;
        while (index > 0 && mss < table[index])
        {
            index--;
        }

        return index;
    }

    /// <summary>
    /// The non-zero MSS option among the header's options (the last one wins), lowered to <paramref name="userMss"/>
    /// when that is set and smaller; 0 when there is none. Options are read up to the data offset: an end-of-list
    /// option, an option shorter than 2 bytes or one running past the header ends the walk with what was found.
    /// </summary>
    public static unsafe ushort ParseOption(TcpHeader* tcp, ushort userMss)
    {
        byte* option = (byte*)(tcp + 1);
        int remaining = tcp->HeaderLength - sizeof(TcpHeader);
        ushort mss = 0;
        while (remaining > 0)
        {
            byte kind = *option++;
            if (kind == EndOfOptions)
            {
                return mss;
            }

            if (kind == NoOperation)
            {
                remaining--;
                continue;
            }

            if (remaining < 2)
            {
                return mss;
            }

            byte length = *option++;
            if (length < 2 || length > remaining)
            {
                return mss;
            }

            if (kind == MaximumSegmentSize && length == MaximumSegmentSizeLength)
            {
                ushort announced = (ushort)(option[0] << 8 | option[1]);
                if (announced != 0)
                {
                    mss = userMss != 0 && userMss < announced ? userMss : announced;
                }
            }

            option += length - 2;
            remaining -= length;
        }

        return mss;
    }
}
