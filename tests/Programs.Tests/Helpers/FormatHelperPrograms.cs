namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>Programs that format eight 64-bit numbers from the packet with bpf_snprintf and bpf_trace_vprintk.</summary>
public static unsafe class FormatHelperPrograms
{
    /// <summary>Where the result goes; the formatted text follows 8 bytes later.</summary>
    public const int ResultOffset = 72;

    /// <summary>The packet's length: the arguments, the choices, the result and the text.</summary>
    public const int PacketLength = ResultOffset + 8 + 48;

    /// <summary>
    /// Formats the packet's first eight 64-bit numbers by the format byte 64 picks into a 48-byte buffer filled with 0xAA,
    /// all of it or only its first 8 bytes as byte 65 says; the result and the buffer go after them.
    /// </summary>
    [Xdp("h_snprintf")]
    public static XdpAction Format(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + PacketLength > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        Span<long> arguments = stackalloc long[8];
        new ReadOnlySpan<long>(data, 8).CopyTo(arguments);
        Span<byte> text = stackalloc byte[48];
        text.Fill(0xAA);
        Span<byte> destination = data[65] % 2 == 0 ? text : text[..8];
        int result = (data[64] % 3) switch
        {
            0 => Bpf.Snprintf(destination, "a=%d b=%u c=%x d=%X", arguments),
            1 => Bpf.Snprintf(destination, "%lld|%-6lu|%08llx|%+5d|% d|%c%c", arguments),
            _ => Bpf.Snprintf(destination, "%%%5c|%-3c|%03lli|%llX end", arguments[..4]),
        };
        *(long*)(data + ResultOffset) = result;
        text.CopyTo(new Span<byte>(data + ResultOffset + 8, 48));
        return XdpAction.Pass;
    }

    /// <summary>Writes a trace line of four of the packet's numbers (bpf_trace_vprintk) and its length after them.</summary>
    [Xdp("h_trace_vprintk")]
    public static XdpAction TraceFour(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + PacketLength > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        Span<long> arguments = stackalloc long[4];
        new ReadOnlySpan<long>(data, 4).CopyTo(arguments);
        *(long*)(data + ResultOffset) = Bpf.Trace("vprintk %d %lld %x %c", arguments);
        return XdpAction.Pass;
    }

    /// <summary>Refused: %s takes a string pointer, and the arguments are numbers.</summary>
    [Xdp("h_snprintf_pointer")]
    public static XdpAction FormatPointer(XdpContext ctx)
    {
        Span<long> arguments = stackalloc long[1];
        Span<byte> text = stackalloc byte[16];
        return Bpf.Snprintf(text, "name %s", arguments) > 0 ? XdpAction.Pass : XdpAction.Drop;
    }

    /// <summary>Refused: two conversions and one argument.</summary>
    [Xdp("h_snprintf_short")]
    public static XdpAction FormatTooFew(XdpContext ctx)
    {
        Span<long> arguments = stackalloc long[1];
        Span<byte> text = stackalloc byte[16];
        return Bpf.Snprintf(text, "%d %d", arguments) > 0 ? XdpAction.Pass : XdpAction.Drop;
    }
}
