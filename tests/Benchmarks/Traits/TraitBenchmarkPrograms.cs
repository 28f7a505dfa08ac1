namespace TraitsBpf.Benchmarks.Traits;

/// <summary>
/// The C# side of the traits benchmark, compiled by our compiler once per backend (meta: the
/// store inlined over the XDP metadata area; kfunc: calls of the kernel's trait kfuncs);
/// trait_bench.bpf.c is the same programs in C for clang.
/// </summary>
/// <remarks>
/// <para>
/// The tb_ programs are one operation and nothing else (tb_set_new_del two), for the instruction
/// figures, and timed as they are under the meta backend: BPF_PROG_TEST_RUN runs a program
/// <c>repeat</c> times over the same xdp_buff, and its metadata can be given, so the benchmark
/// hands them a populated store in the metadata. Every repetition must find the store as the
/// first did, so an inserted key is deleted again in the same repetition: a new key's set and
/// its delete are only timed together.
/// </para>
/// <para>
/// The kfunc backend keeps its store in the headroom, which no test-run input reaches, so the
/// tt_ programs timed for it populate the store on the first repetition of each test run (a
/// global flag the benchmark clears before every run); tt_ready does only that, and is what the
/// operations' times are measured against.
/// </para>
/// <para>
/// The store holds <see cref="Low"/> (8 bytes), <see cref="Mid"/> (4), <see cref="Hot"/> (8) and
/// <see cref="Wide"/> (16) at the keys the benchmark gives them, in that order, so that setting
/// <see cref="Fresh"/> between Mid and Hot moves 24 bytes of values. Results are checked in the
/// return value (XDP_PASS when every operation did what it should, XDP_DROP otherwise), which
/// also keeps values read from being optimized away.
/// </para>
/// </remarks>
public static class TraitBenchmarkPrograms
{
    /// <summary>The value every set writes.</summary>
    public const ulong Value = 0x0123456789ABCDEF;

    /// <summary>An 8-byte trait below the others.</summary>
    public static readonly Trait<ulong> Low = new("bench_low");

    /// <summary>A 4-byte trait.</summary>
    public static readonly Trait<uint> Mid = new("bench_mid");

    /// <summary>The 8-byte trait that get and replace work on.</summary>
    public static readonly Trait<ulong> Hot = new("bench_hot");

    /// <summary>A 16-byte trait above the others.</summary>
    public static readonly Trait<WideValue> Wide = new("bench_wide");

    /// <summary>The trait that is inserted and deleted; its key lies between Mid's and Hot's.</summary>
    public static readonly Trait<ulong> Fresh = new("bench_new");

    /// <summary>0 until a timed program populated the store in this test run, then 1 (2 when populating failed).</summary>
    private static int populated;

    /// <summary>Get of a present 8-byte trait.</summary>
    [Xdp("tb_get")]
    public static XdpAction Get(XdpContext ctx) =>
        ctx.Traits.TryGet(Hot, out ulong value) && value != 0 ? XdpAction.Pass : XdpAction.Drop;

    /// <summary>Set of an 8-byte trait (the same code whether the key is new or present).</summary>
    [Xdp("tb_set")]
    public static XdpAction Set(XdpContext ctx) =>
        ctx.Traits.Set(Hot, Value) == 0 ? XdpAction.Pass : XdpAction.Drop;

    /// <summary>Delete of a trait.</summary>
    [Xdp("tb_delete")]
    public static XdpAction Delete(XdpContext ctx) =>
        ctx.Traits.Delete(Fresh) == 0 ? XdpAction.Pass : XdpAction.Drop;

    /// <summary>Set of a new 8-byte trait (24 bytes of values move up), then its delete (they move back).</summary>
    [Xdp("tb_set_new_del")]
    public static XdpAction InsertDelete(XdpContext ctx) =>
        ctx.Traits.Set(Fresh, Value) == 0 && ctx.Traits.Delete(Fresh) == 0 ? XdpAction.Pass : XdpAction.Drop;

    /// <summary>Nothing: what the test run costs by itself.</summary>
    [Xdp("tt_empty")]
    public static XdpAction Empty(XdpContext ctx) => XdpAction.Pass;

    /// <summary>A plain 8-byte load from the metadata area: the cheapest way to read per-packet data there.</summary>
    [Xdp("tt_meta_load")]
    public static unsafe XdpAction MetaLoad(XdpContext ctx)
    {
        byte* meta = ctx.DataMeta;
        if (meta + sizeof(ulong) > ctx.Data)
        {
            return XdpAction.Drop;
        }

        return *(ulong*)meta != Value ? XdpAction.Pass : XdpAction.Drop;
    }

    /// <summary>Only the store's population, once per test run: the reference the operations are measured against.</summary>
    [Xdp("tt_ready")]
    public static XdpAction Ready(XdpContext ctx) => Populate(ctx) ? XdpAction.Pass : XdpAction.Drop;

    /// <summary>Get of a present 8-byte trait.</summary>
    [Xdp("tt_get")]
    public static XdpAction TimedGet(XdpContext ctx) =>
        Populate(ctx) && ctx.Traits.TryGet(Hot, out ulong value) && value != 0 ? XdpAction.Pass : XdpAction.Drop;

    /// <summary>Set of a present 8-byte trait with a value of the same size.</summary>
    [Xdp("tt_set_replace")]
    public static XdpAction TimedReplace(XdpContext ctx) =>
        Populate(ctx) && ctx.Traits.Set(Hot, Value) == 0 ? XdpAction.Pass : XdpAction.Drop;

    /// <summary>Set of a new 8-byte trait (24 bytes of values move up), then its delete (they move back).</summary>
    [Xdp("tt_set_new_del")]
    public static XdpAction TimedInsertDelete(XdpContext ctx) =>
        Populate(ctx) && ctx.Traits.Set(Fresh, Value) == 0 && ctx.Traits.Delete(Fresh) == 0 ? XdpAction.Pass : XdpAction.Drop;

    /// <summary>Sets Low, Mid, Hot and Wide on the first repetition of a test run; true when the store holds them.</summary>
    private static bool Populate(XdpContext ctx)
    {
        if (populated == 0)
        {
            var wide = new WideValue { Low = Value, High = ~Value };
            bool ok = ctx.Traits.Set(Low, Value) == 0 && ctx.Traits.Set(Mid, unchecked((uint)Value)) == 0
                && ctx.Traits.Set(Hot, Value) == 0 && ctx.Traits.Set(Wide, wide) == 0;
            populated = ok ? 1 : 2;
        }

        return populated == 1;
    }
}
