namespace TraitsBpf.Programs.Tests.Tracing;

/// <summary>What the tracing programs count, per program: packets seen and the bytes and interfaces they carried.</summary>
public struct SkbTally
{
    public ulong Packets;
    public ulong Bytes;
    public ulong IfindexSum;
    public ulong HashSum;
}

/// <summary>
/// Tracing programs over sk_buffs: a tp_btf and a kprobe on the same kernel path, both reading
/// <c>skb->len</c>, <c>skb->dev->ifindex</c> and <c>skb->hash</c> through CO-RE relocations, and
/// counting only packets on one interface (set in .rodata before load) so that traffic elsewhere on
/// the host does not move the counters.
/// </summary>
public static unsafe class TracingPrograms
{
    /// <summary>The interface whose packets count; 0 counts every packet.</summary>
    public static readonly int WatchedIfindex = 0;

    public static readonly HashMap<uint, SkbTally> Tallies = new(8);

    /// <summary>Index 0 of <see cref="Tallies"/>: the tp_btf program's; 1: the kprobe's.</summary>
    private static void Count(uint slot, SkBuff* skb)
    {
        NetDevice* dev = skb->Dev;
        if (dev == null)
        {
            return;
        }

        int ifindex = dev->Ifindex;
        if (WatchedIfindex != 0 && ifindex != WatchedIfindex)
        {
            return;
        }

        SkbTally* tally = Tallies.Lookup(slot);
        if (tally == null)
        {
            SkbTally first = new() { Packets = 1, Bytes = skb->Len, IfindexSum = (ulong)ifindex, HashSum = skb->Hash };
            Tallies.Update(slot, first, MapUpdate.Any);
            return;
        }

        Interlocked.Increment(ref tally->Packets);
        Interlocked.Add(ref tally->Bytes, skb->Len);
        Interlocked.Add(ref tally->IfindexSum, (ulong)ifindex);
        Interlocked.Add(ref tally->HashSum, skb->Hash);
    }

    [TpBtf("consume_skb", Name = "tp_consume_skb")]
    public static int OnConsume(TraceContext ctx, SkBuff* skb, void* location)
    {
        Count(0, skb);
        return 0;
    }

    [Kprobe("consume_skb", Name = "kp_consume_skb")]
    public static int OnConsumeProbe(TraceContext ctx, SkBuff* skb)
    {
        Count(1, skb);
        return 0;
    }

    [Fentry("consume_skb", Name = "fe_consume_skb")]
    public static int OnConsumeEntry(TraceContext ctx, SkBuff* skb)
    {
        Count(2, skb);
        return 0;
    }
}
