namespace TraitsBpf.Object.Printf;

/// <summary>
/// The formats of bpf_snprintf and bpf_trace_vprintk, read by the rules of the kernel's bpf_bprintf_prepare
/// (kernel/bpf/helpers.c): text, <c>%%</c>, and conversions with optional <c>0 + - space</c> flags, a width and
/// <c>l</c>/<c>ll</c>. The kernel also takes pointers (<c>%s</c>, <c>%p...</c>), which 64-bit integer arguments from C# are
/// not, so those are refused here with the rest of what the kernel refuses.
/// </summary>
public static class BprintfFormat
{
    /// <summary>The most arguments the helpers take (MAX_BPRINTF_VARARGS).</summary>
    public const int MaxArguments = 12;

    /// <summary>
    /// The pieces of <paramref name="format"/> in order: a <see cref="string"/> of text (<c>%%</c> already made <c>%</c>)
    /// or a <see cref="BprintfConversion"/>.
    /// </summary>
    /// <exception cref="FormatException">The kernel refuses the format, or it converts a pointer; the message says why.</exception>
    public static IReadOnlyList<object> Parse(string format)
    {
        ArgumentNullException.ThrowIfNull(format);
        var pieces = new List<object>();
        var text = new System.Text.StringBuilder();
        int i = 0;
        char At(int index) => index < format.Length ? format[index] : '\0';
        while (i < format.Length)
        {
            char c = format[i];
            if (c == '\0')
            {
                break;
            }

            if (c < 0x80 && char.IsControl(c) && !char.IsWhiteSpace(c))
            {
                throw new FormatException($"the kernel refuses the control character 0x{(int)c:x2} in a format");
            }

            if (c != '%')
            {
                text.Append(c);
                i++;
                continue;
            }

            if (At(i + 1) == '%')
            {
                text.Append('%');
                i += 2;
                continue;
            }

            int start = i++;
            bool left = false, zero = false, plus = false, space = false;
            while (At(i) is '0' or '+' or '-' or ' ')
            {
                left |= At(i) == '-';
                zero |= At(i) == '0';
                plus |= At(i) == '+';
                space |= At(i) == ' ';
                i++;
            }

            int width = 0;
            while (At(i) is >= '0' and <= '9')
            {
                width = checked(width * 10 + (At(i) - '0'));
                i++;
            }

            int longs = 0;
            while (longs < 2 && At(i) == 'l')
            {
                longs++;
                i++;
            }

            char conversion = At(i);
            string spec = format[start..Math.Min(i + 1, format.Length)];
            if (conversion is 's' or 'p' && longs == 0)
            {
                throw new FormatException($"'{spec}' formats a pointer, and the arguments here are 64-bit integers: the SDK formats integers (%d %i %u %x %X, with l or ll) and characters (%c)");
            }

            if (conversion == 'c' ? longs != 0 : conversion is not ('d' or 'i' or 'u' or 'x' or 'X'))
            {
                throw new FormatException($"the kernel refuses '{spec}': it formats %d %i %u %x %X (with l or ll), %c, %s, %p and %%, after flags 0 + - space and a width");
            }

            if (text.Length > 0)
            {
                pieces.Add(text.ToString());
                text.Clear();
            }

            pieces.Add(new BprintfConversion(left, zero, plus, space, width, longs > 0, conversion));
            i++;
        }

        if (text.Length > 0)
        {
            pieces.Add(text.ToString());
        }

        return pieces;
    }

    /// <summary>How many arguments <paramref name="format"/> converts (see <see cref="Parse"/>).</summary>
    public static int ConversionCount(string format) => Parse(format).Count(p => p is BprintfConversion);
}
