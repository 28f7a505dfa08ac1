using System.Globalization;
using System.Text;
using TraitsBpf.Object.Printf;

namespace TraitsBpf;

/// <summary>
/// What the kernel's bstr_printf writes for a bpf_snprintf or bpf_trace_vprintk format (lib/vsprintf.c's number and
/// character rules: a sign only for %d and %i, <c>-</c> over <c>0</c>, zeros after the sign, spaces for %c), as bytes.
/// </summary>
internal static class BprintfFormatter
{
    /// <summary>The bytes written, or null when the kernel returns -EINVAL (a format it refuses, too few or too many arguments).</summary>
    public static byte[]? Format(string format, ReadOnlySpan<long> arguments)
    {
        IReadOnlyList<object> pieces;
        try
        {
            pieces = BprintfFormat.Parse(format);
        }
        catch (FormatException)
        {
            return null;
        }

        if (arguments.Length > BprintfFormat.MaxArguments || pieces.Count(p => p is BprintfConversion) > arguments.Length)
        {
            return null;
        }

        var output = new List<byte>();
        int next = 0;
        foreach (var piece in pieces)
        {
            if (piece is BprintfConversion conversion)
            {
                Append(output, conversion, arguments[next++]);
            }
            else
            {
                output.AddRange(Encoding.UTF8.GetBytes((string)piece));
            }
        }

        return [.. output];
    }

    private static void Append(List<byte> output, BprintfConversion c, long argument)
    {
        if (c.Conversion == 'c')
        {
            Pad(output, c.LeftAlign ? 0 : c.Width - 1, ' ');
            output.Add((byte)argument);
            Pad(output, c.LeftAlign ? c.Width - 1 : 0, ' ');
            return;
        }

        string sign = "";
        ulong magnitude;
        if (c.Conversion is 'd' or 'i')
        {
            long value = c.Is64Bit ? argument : (int)argument;
            magnitude = value < 0 ? unchecked(0UL - (ulong)value) : (ulong)value;
            sign = value < 0 ? "-" : c.Plus ? "+" : c.Space ? " " : "";
        }
        else
        {
            magnitude = c.Is64Bit ? (ulong)argument : (uint)argument;
        }

        string digits = c.Conversion switch
        {
            'x' => magnitude.ToString("x", CultureInfo.InvariantCulture),
            'X' => magnitude.ToString("X", CultureInfo.InvariantCulture),
            _ => magnitude.ToString(CultureInfo.InvariantCulture),
        };
        int padding = c.Width - sign.Length - digits.Length;
        bool zeros = c.ZeroPad && !c.LeftAlign;
        if (!zeros && !c.LeftAlign)
        {
            Pad(output, padding, ' ');
        }

        output.AddRange(Encoding.ASCII.GetBytes(sign));
        if (zeros)
        {
            Pad(output, padding, '0');
        }

        output.AddRange(Encoding.ASCII.GetBytes(digits));
        if (c.LeftAlign)
        {
            Pad(output, padding, ' ');
        }
    }

    private static void Pad(List<byte> output, int count, char with)
    {
        for (int i = 0; i < count; i++)
        {
            output.Add((byte)with);
        }
    }
}
