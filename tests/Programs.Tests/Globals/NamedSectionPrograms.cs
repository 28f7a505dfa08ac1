namespace TraitsBpf.Programs.Tests.Globals;

/// <summary>
/// Globals in sections of their own, as C's <c>SEC(".rodata.config") const volatile __u32 Threshold = 100;</c>
/// and <c>SEC(".data.stats") __u64 Seen;</c>, which clang -O2 -g puts in a PROGBITS section each (flags A and WA)
/// with a DATASEC each.
/// </summary>
public static class NamedSectionPrograms
{
    /// <summary>Packets longer than this are dropped; <c>--set Threshold=N</c> changes it before load.</summary>
    [DataSection("config")]
    public static readonly uint Threshold = 100;

    /// <summary>Packets seen, in .data.stats although it starts at zero (there is no .bss.stats).</summary>
    [DataSection("stats")]
    public static ulong Seen;

    /// <summary>The last packet's length.</summary>
    [DataSection("stats")]
    public static uint Last;

    /// <summary>An ordinary global beside them, in .bss.</summary>
    public static uint Plain;

    [Xdp("named_sections")]
    public static unsafe XdpAction Run(XdpContext ctx)
    {
        uint length = (uint)(ctx.DataEnd - ctx.Data);
        Seen++;
        Last = length;
        Plain = length + 1;
        return length > Threshold ? XdpAction.Drop : XdpAction.Pass;
    }
}
