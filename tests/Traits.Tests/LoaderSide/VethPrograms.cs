namespace TraitsBpf.Traits.Tests.LoaderSide;

/// <summary>
/// An XDP program that tags every packet and a TC ingress program that reads the tag, for the
/// end-to-end test of the meta backend on a veth pair: the trait set in XDP must reach TC.
/// </summary>
public static unsafe class VethPrograms
{
    /// <summary>The integer key the tag is kept under.</summary>
    public const int Key = 7;

    /// <summary>The tag's value.</summary>
    public const ulong Marker = 0x5452414954534250;

    /// <summary>[0]: packets TC saw with the tag, [1]: without it.</summary>
    public static readonly ArrayMap<ulong> Seen = new(maxEntries: 2);

    [Xdp("veth_tag")]
    public static XdpAction Tag(XdpContext ctx) =>
        ctx.Traits.Set(Key, Marker) == 0 ? XdpAction.Pass : XdpAction.Aborted;

    [Tc("veth_count", TcDirection.Ingress)]
    public static TcAction Count(TcContext ctx)
    {
        uint slot = ctx.Traits.TryGet(Key, out ulong value) && value == Marker ? 0u : 1u;
        ulong* count = Seen.Lookup(slot);
        if (count != null)
        {
            Interlocked.Increment(ref *count);
        }

        return TcAction.Ok;
    }
}
