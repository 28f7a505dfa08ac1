namespace TraitsBpf.Loader.Tests.CSharp;

/// <summary>
/// The same XDP counter with and without the multi-buffer mark: each counts the packets that arrive in more than one
/// buffer (bpf_xdp_get_buff_len beyond data_end - data) and their bytes.
/// </summary>
public static unsafe class MultiBufferPrograms
{
    /// <summary>[0]: packets that arrived in fragments; [1]: their bytes, fragments included.</summary>
    public static readonly ArrayMap<ulong> Fragmented = new(2);

    /// <summary>Counts multi-buffer packets; section <c>xdp.frags</c>.</summary>
    [Xdp("mb_count", Fragments = true)]
    public static XdpAction Count(XdpContext ctx) => CountFragmented(ctx);

    /// <summary>The same without the mark; section <c>xdp</c>.</summary>
    [Xdp("mb_count_linear")]
    public static XdpAction CountLinear(XdpContext ctx) => CountFragmented(ctx);

    private static XdpAction CountFragmented(XdpContext ctx)
    {
        ulong length = ctx.BufferLength();
        if (length > (ulong)(ctx.DataEnd - ctx.Data))
        {
            ulong* packets = Fragmented.Lookup(0);
            ulong* bytes = Fragmented.Lookup(1);
            if (packets != null && bytes != null)
            {
                Interlocked.Increment(ref *packets);
                Interlocked.Add(ref *bytes, length);
            }
        }

        return XdpAction.Pass;
    }
}
