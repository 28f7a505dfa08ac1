namespace TraitsBpf;

/// <summary>
/// The kernel's string helpers as managed code, rule for rule (kernel/bpf/helpers.c <c>__bpf_strtoull</c> with
/// lib/kstrtox.c's radix and digit rules, lib/string.c's strncmp), so managed execution returns what the helpers return.
/// </summary>
internal static class KernelStringParsing
{
    /// <summary>BPF_STRTOX_BASE_MASK: the flags' low bits hold the base.</summary>
    private const ulong BaseMask = 0x1F;

    /// <summary>The kernel copies at most this many characters (after spaces and the sign) before parsing: a 64-byte buffer with its terminator.</summary>
    private const int ParsedCharacters = 63;

    /// <summary>strncmp(s1, s2, s1.Length): -1, 0 or 1 at the first differing byte, compared unsigned; 0 at a common terminator.</summary>
    public static int Compare(ReadOnlySpan<byte> s1, ReadOnlySpan<byte> s2WithTerminator)
    {
        for (int i = 0; i < s1.Length; i++)
        {
            byte c1 = s1[i];
            byte c2 = s2WithTerminator[i];
            if (c1 != c2)
            {
                return c1 < c2 ? -1 : 1;
            }

            if (c1 == 0)
            {
                break;
            }
        }

        return 0;
    }

    /// <summary>bpf_strtol: the characters consumed, or -EINVAL or -ERANGE; <paramref name="result"/> is 0 on error.</summary>
    public static long ParseSigned(ReadOnlySpan<byte> buffer, ulong flags, out long result)
    {
        result = 0;
        long consumed = ParseUnsigned(buffer, flags, out ulong magnitude, out bool negative);
        if (consumed < 0)
        {
            return consumed;
        }

        long value = negative ? (long)(0 - magnitude) : (long)magnitude;
        if ((negative && value > 0) || (!negative && value < 0))
        {
            return -Errno.ERANGE;
        }

        result = value;
        return consumed;
    }

    /// <summary>bpf_strtoul: as <see cref="ParseSigned"/>, and a minus sign is -EINVAL.</summary>
    public static long ParseUnsigned(ReadOnlySpan<byte> buffer, ulong flags, out ulong result)
    {
        result = 0;
        long consumed = ParseUnsigned(buffer, flags, out ulong value, out bool negative);
        if (consumed < 0)
        {
            return consumed;
        }

        if (negative)
        {
            return -Errno.EINVAL;
        }

        result = value;
        return consumed;
    }

    private static long ParseUnsigned(ReadOnlySpan<byte> buffer, ulong flags, out ulong value, out bool negative)
    {
        value = 0;
        negative = false;
        uint numberBase = (uint)(flags & BaseMask);
        if (buffer.IsEmpty || numberBase is not (0 or 8 or 10 or 16) || (flags & ~BaseMask) != 0)
        {
            return -Errno.EINVAL;
        }

        int start = 0;
        while (start < buffer.Length && IsSpace(buffer[start]))
        {
            start++;
        }

        negative = start < buffer.Length && buffer[start] == (byte)'-';
        if (negative)
        {
            start++;
        }

        if (start == buffer.Length)
        {
            return -Errno.EINVAL;
        }

        // The kernel parses a terminated copy of at most 63 characters; past the copy reads its terminator.
        Span<byte> copy = stackalloc byte[ParsedCharacters + 1];
        copy.Clear();
        buffer[start..][..Math.Min(buffer.Length - start, ParsedCharacters)].CopyTo(copy);
        ReadOnlySpan<byte> text = copy;

        int position = 0;
        if (numberBase == 0)
        {
            numberBase = text[0] != '0' ? 10u : ToLower(text[1]) == 'x' && IsHexDigit(text[2]) ? 16u : 8u;
        }

        if (numberBase == 16 && text[0] == '0' && ToLower(text[1]) == 'x')
        {
            position = 2;
        }

        int digits = 0;
        bool overflow = false;
        while (true)
        {
            uint c = text[position + digits];
            uint lower = ToLower((byte)c);
            uint digit = c is >= '0' and <= '9' ? c - '0' : lower is >= 'a' and <= 'f' ? lower - 'a' + 10 : uint.MaxValue;
            if (digit >= numberBase)
            {
                break;
            }

            if ((value & (~0UL << 60)) != 0 && value > (ulong.MaxValue - digit) / numberBase)
            {
                overflow = true;
            }

            value = unchecked(value * numberBase + digit);
            digits++;
        }

        if (overflow)
        {
            value = 0;
            return -Errno.ERANGE;
        }

        if (digits == 0)
        {
            value = 0;
            return -Errno.EINVAL;
        }

        return start + position + digits;
    }

    /// <summary>The kernel's isspace: tab to carriage return, space, and the Latin-1 no-break space (0xA0).</summary>
    private static bool IsSpace(byte c) => c is (>= 9 and <= 13) or 32 or 0xA0;

    private static bool IsHexDigit(byte c) => c is (>= (byte)'0' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F');

    /// <summary>The kernel's _tolower: sets the 0x20 bit, which makes letters lower case (and changes nothing the digit rules accept).</summary>
    private static uint ToLower(byte c) => (uint)(c | 0x20);
}
