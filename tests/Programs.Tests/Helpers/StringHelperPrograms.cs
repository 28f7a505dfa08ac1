namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>A program that runs the string helpers over text at the start of the packet and writes their answers after it.</summary>
public static unsafe class StringHelperPrograms
{
    /// <summary>How many bytes of text the program reads from the start of the packet.</summary>
    public const int TextLength = 24;

    /// <summary>Where the answers start: bpf_strncmp's at +0, strtol's result and value at +8 and +16, strtoul's at +24 and +32.</summary>
    public const int AnswersOffset = 32;

    /// <summary>The flags given to strtol and strtoul, picked by the byte at <c>AnswersOffset - 1</c>: the bases, then two the kernel refuses.</summary>
    public static readonly ulong[] Bases = [0, 8, 10, 16, 7, 0x20 | 10];

    /// <summary>Compares and parses the first <see cref="TextLength"/> bytes; the byte before the answers picks the base.</summary>
    [Xdp("h_strings")]
    public static XdpAction Parse(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + AnswersOffset + 40 > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        // The string helpers cannot read the packet: the text is copied to the stack.
        Span<byte> text = stackalloc byte[TextLength];
        new ReadOnlySpan<byte>(data, TextLength).CopyTo(text);
        ulong numberBase = data[AnswersOffset - 1] switch
        {
            0 => 0,
            1 => 8,
            2 => 10,
            3 => 16,
            4 => 7,
            _ => 0x20 | 10,
        };
        *(long*)(data + AnswersOffset) = Bpf.Strncmp(text[..8], "GET /");
        *(long*)(data + AnswersOffset + 8) = Bpf.Strtol(text, numberBase, out long signed);
        *(long*)(data + AnswersOffset + 16) = signed;
        *(long*)(data + AnswersOffset + 24) = Bpf.Strtoul(text, numberBase, out ulong unsigned);
        *(ulong*)(data + AnswersOffset + 32) = unsigned;
        return XdpAction.Pass;
    }

    /// <summary>Refused: bpf_strncmp's second string is chosen at run time, and the kernel reads it from read-only data.</summary>
    [Xdp("h_strncmp_variable")]
    public static XdpAction CompareWithVariable(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 8 > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        string expected = data[0] == 1 ? "GET /" : "PUT /";
        Span<byte> text = stackalloc byte[8];
        new ReadOnlySpan<byte>(data, 8).CopyTo(text);
        return Bpf.Strncmp(text, expected) == 0 ? XdpAction.Pass : XdpAction.Drop;
    }

    /// <summary>Refused: the string helpers cannot read packet memory.</summary>
    [Xdp("h_strtol_packet")]
    public static XdpAction ParsePacket(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 8 > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        return Bpf.Strtol(new ReadOnlySpan<byte>(data, 8), 10, out long value) > 0 && value == 7 ? XdpAction.Pass : XdpAction.Drop;
    }
}
