namespace TraitsBpf.Samples;

/// <summary>
/// Counts at TC egress the packets that leave with a packet id, and how many left under each id.
/// A service that gives each reply its request's traits (TraitsBpf.Net's
/// <c>TraitSocket.SendWithTraits</c>, on a kernel with the series) makes every reply count here
/// under the id <see cref="TrafficTagger"/> gave its request at XDP; a reply without one counts apart.
/// </summary>
public static class ReplyCounter
{
    /// <summary>[0] packets leaving with a packet id, [1] packets leaving without.</summary>
    public static readonly ArrayMap<ulong> Replies = new(maxEntries: 2);

    /// <summary>Packets that left, per packet id.</summary>
    public static readonly HashMap<ulong, ulong> PerId = new(maxEntries: 4096);

    /// <summary>The TC program; it never drops.</summary>
    [Tc("replies", TcDirection.Egress)]
    public static unsafe TcAction Run(TcContext ctx)
    {
        if (!ctx.Traits.TryGet(DemoTraits.PacketId, out ulong id))
        {
            Count(1);
            return TcAction.Ok;
        }

        Count(0);
        ulong* sent = PerId.Lookup(id);
        if (sent != null)
        {
            Interlocked.Increment(ref *sent);
        }
        else if (PerId.Update(id, 1UL, MapUpdate.NoExist) != 0)
        {
            // Two CPUs may both miss: the one whose insert fails counts on the other's entry.
            sent = PerId.Lookup(id);
            if (sent != null)
            {
                Interlocked.Increment(ref *sent);
            }
        }

        return TcAction.Ok;
    }

    private static unsafe void Count(uint index)
    {
        ulong* counter = Replies.Lookup(index);
        if (counter != null)
        {
            Interlocked.Increment(ref *counter);
        }
    }
}
