namespace TraitsBpf.Traits.Tests.LoaderSide;

/// <summary>
/// An XDP program that tags every packet and a TC program that reads the tag, for the end-to-end
/// tests of the meta backend: the trait set in XDP must reach TC ingress on a veth pair, and must
/// never be read wrong where the metadata area no longer holds it (a tunnel's underlay).
/// </summary>
public static unsafe class VethPrograms
{
    /// <summary>The integer key the tag is kept under.</summary>
    public const int Key = 7;

    /// <summary>The tag's value.</summary>
    public const ulong Marker = 0x5452414954534250;

    /// <summary>[0]: packets TC saw with the tag, [1]: without it, [2]: with the key holding another value (a wrong trait).</summary>
    public static readonly ArrayMap<ulong> Seen = new(maxEntries: 3);

    [Xdp("veth_tag")]
    public static XdpAction Tag(XdpContext ctx) =>
        ctx.Traits.Set(Key, Marker) == 0 ? XdpAction.Pass : XdpAction.Aborted;

    [Tc("veth_count", TcDirection.Ingress)]
    public static TcAction Count(TcContext ctx)
    {
        uint slot = !ctx.Traits.TryGet(Key, out ulong value) ? 1u : value == Marker ? 0u : 2u;
        ulong* count = Seen.Lookup(slot);
        if (count != null)
        {
            Interlocked.Increment(ref *count);
        }

        return TcAction.Ok;
    }
}
