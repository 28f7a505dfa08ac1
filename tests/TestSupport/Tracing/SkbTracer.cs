namespace TraitsBpf.TestSupport.Tracing;

/// <summary>
/// Tracing programs over sk_buffs: the same count at the <c>consume_skb</c> tracepoint (tp_btf: the
/// sk_buff pointer is typed by the kernel's BTF and read directly), at a kprobe on <c>consume_skb</c>
/// (read with bpf_probe_read_kernel), at an fentry on it (BTF-typed, as tp_btf) and at the raw tracepoint
/// (read with bpf_probe_read_kernel). Each reads <c>skb->len</c>, <c>skb->hash</c>, <c>skb->dev->ifindex</c>
/// and <c>skb->dev->mtu</c> through CO-RE relocations, so the object runs on any kernel whose sk_buff has
/// these fields, wherever they are. Only packets on one device count (its index and MTU are set in
/// .rodata before load: indexes repeat across network namespaces, an unusual MTU does not), so traffic
/// elsewhere on the host does not move the counters. tests/Programs.Tests/Tracing/c/skb_tracer.bpf.c is the tp_btf and kprobe programs in C.
/// </summary>
public static unsafe class SkbTracer
{
    /// <summary>The key of the tp_btf program's tally in <see cref="Tallies"/>.</summary>
    public const uint TracepointSlot = 0;

    /// <summary>The key of the kprobe program's tally.</summary>
    public const uint KprobeSlot = 1;

    /// <summary>The key of the fentry program's tally.</summary>
    public const uint FentrySlot = 2;

    /// <summary>The key of the raw tracepoint program's tally.</summary>
    public const uint RawTracepointSlot = 3;

    /// <summary>The interface index of the watched device; 0 watches every device.</summary>
    public static readonly int WatchedIfindex = 0;

    /// <summary>The MTU of the watched device; 0 accepts any.</summary>
    public static readonly uint WatchedMtu = 0;

    /// <summary>The <c>skb->len</c> that <see cref="SkbTally.OfWatchedLength"/> counts.</summary>
    public static readonly uint WatchedLength = 0;

    /// <summary>One tally per program (an array, so each exists from the start and is only ever added to).</summary>
    public static readonly ArrayMap<SkbTally> Tallies = new(maxEntries: 4);

    /// <summary>The tp_btf program: every sk_buff freed after use.</summary>
    [TpBtf("consume_skb", Name = "tp_consume_skb")]
    public static int OnConsume(TraceContext ctx, SkBuff* skb, void* location)
    {
        Count(TracepointSlot, skb);
        return 0;
    }

    /// <summary>The kprobe program on the same path; kernels built without kprobes load it but cannot attach it.</summary>
    [Kprobe("consume_skb", Name = "kp_consume_skb")]
    public static int OnConsumeProbe(TraceContext ctx, SkBuff* skb)
    {
        Count(KprobeSlot, skb);
        return 0;
    }

    /// <summary>The fentry program on the same function; kernels that cannot build a trampoline for it refuse to load it.</summary>
    [Fentry("consume_skb", Name = "fe_consume_skb")]
    public static int OnConsumeEntry(TraceContext ctx, SkBuff* skb)
    {
        Count(FentrySlot, skb);
        return 0;
    }

    /// <summary>The raw tracepoint program: the same tracepoint with untyped arguments, so kernel structs are read with bpf_probe_read_kernel.</summary>
    [RawTracepoint("consume_skb", Name = "rt_consume_skb")]
    public static int OnConsumeRaw(TraceContext ctx, SkBuff* skb)
    {
        Count(RawTracepointSlot, skb);
        return 0;
    }

    private static void Count(uint slot, SkBuff* skb)
    {
        NetDevice* dev = skb->Dev;
        if (dev == null)
        {
            return;
        }

        if ((WatchedIfindex != 0 && dev->Ifindex != WatchedIfindex) || (WatchedMtu != 0 && dev->Mtu != WatchedMtu))
        {
            return;
        }

        SkbTally* tally = Tallies.Lookup(slot);
        if (tally == null)
        {
            return;
        }

        uint length = skb->Len;
        Interlocked.Increment(ref tally->Packets);
        Interlocked.Add(ref tally->Bytes, length);
        if (length == WatchedLength)
        {
            Interlocked.Increment(ref tally->OfWatchedLength);
        }

        Interlocked.Add(ref tally->HashSum, skb->Hash);
    }
}
