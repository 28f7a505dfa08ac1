namespace TraitsBpf.Programs.Tests.Features;

/// <summary>
/// Opcode forms that other programs do not happen to use, so that the IL-coverage test
/// (<see cref="Coverage.IlCoverageTests"/>) sees each translated form in a program whose kernel
/// result equals managed execution: <c>ldnull</c>, <c>ldstr</c> and <c>pop</c> (a trace whose
/// result is dropped), <c>starg</c>, <c>stsfld</c>, <c>ldind.i</c>, and the <c>cpblk</c> and
/// <c>initblk</c> C# emits for <c>stackalloc</c> initializers.
/// </summary>
public static unsafe class IlFormPrograms
{
    private static uint scratch;

    [Xdp("feat_il_forms")]
    public static XdpAction Forms(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 32 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        // initblk: every element the same constant; cpblk: distinct constant bytes.
        byte* same = stackalloc byte[8] { 7, 7, 7, 7, 7, 7, 7, 7 };
        byte* distinct = stackalloc byte[8] { 1, 2, 3, 4, 5, 6, 7, 8 };
        p[16] = (byte)(same[p[0] & 7] + distinct[p[1] & 7]);

        nint word = *(nint*)(p + 8);
        *(long*)(p + 24) = word ^ 0x0102030405060708;

        scratch = p[2];
        p[17] = (byte)(scratch + 1);
        p[18] = (byte)Bumped(p[3]);
        p[19] = IsMissing(null) ? (byte)1 : (byte)0;
        Bpf.Trace("feat_il_forms %d\n", p[4]);
        return p[5] > 127 ? XdpAction.Drop : XdpAction.Tx;
    }

    /// <summary>
    /// A struct copy through pointers (<c>ldobj</c> then <c>stobj</c>), which the IL-coverage test
    /// also runs rewritten as <c>cpobj</c> with <c>nop</c>s, two forms no C# compiler emits in a release build.
    /// </summary>
    [Xdp("feat_il_struct_copy")]
    public static XdpAction StructCopy(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 32 > ctx.DataEnd)
        {
            return XdpAction.Pass;
        }

        Triple copy;
        Triple* to = &copy;
        *to = *(Triple*)(p + 3);
        *(Triple*)(p + 18) = copy;
        return (copy.First ^ copy.Third) > 0x80000000 ? XdpAction.Drop : XdpAction.Tx;
    }

    private static int Bumped(int value)
    {
        value += 3;
        return value;
    }

    private static bool IsMissing(XdpContext? context) => context is null;

    /// <summary>No padding: what a copy leaves in padding bytes is not specified by .NET.</summary>
    private struct Triple
    {
        public ushort First;
        public ushort Second;
        public uint Third;
    }
}
