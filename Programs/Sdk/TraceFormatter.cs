using System.Globalization;
using System.Text;

namespace TraitsBpf;

/// <summary>bpf_trace_printk's formatting for managed execution: the conversions it supports, on 64-bit arguments.</summary>
internal static class TraceFormatter
{
    public static int Write(string format, long[] arguments)
    {
        var line = new StringBuilder();
        int next = 0;
        for (int i = 0; i < format.Length; i++)
        {
            char c = format[i];
            if (c != '%' || i + 1 >= format.Length)
            {
                line.Append(c);
                continue;
            }

            int start = i;
            i++;
            if (format[i] == '%')
            {
                line.Append('%');
                continue;
            }

            int longs = 0;
            while (i < format.Length && format[i] == 'l')
            {
                longs++;
                i++;
            }

            long value = next < arguments.Length ? arguments[next++] : 0;
            char conversion = i < format.Length ? format[i] : ' ';
            line.Append(conversion switch
            {
                'd' or 'i' => (longs == 0 ? (int)value : value).ToString(CultureInfo.InvariantCulture),
                'u' => (longs == 0 ? (uint)value : (ulong)value).ToString(CultureInfo.InvariantCulture),
                'x' => longs == 0 ? ((uint)value).ToString("x", CultureInfo.InvariantCulture) : ((ulong)value).ToString("x", CultureInfo.InvariantCulture),
                _ => format[start..Math.Min(i + 1, format.Length)],
            });
        }

        string text = line.ToString();
        Bpf.TraceLog.Add(text);
        return Encoding.ASCII.GetByteCount(text) + 1;
    }
}
