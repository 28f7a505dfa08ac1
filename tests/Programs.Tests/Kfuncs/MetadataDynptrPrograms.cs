namespace TraitsBpf.Programs.Tests.Kfuncs;

/// <summary>
/// XDP leaves 8 bytes of metadata in front of each packet; TC ingress reads them back through a
/// <see cref="Dynptr"/> over the sk_buff's metadata area (bpf_dynptr_from_skb_meta, 6.18).
/// </summary>
public static unsafe class MetadataDynptrPrograms
{
    /// <summary>What XDP writes first in the metadata: a marker TC checks.</summary>
    public const uint Marker = 0x7B5F_D1A0;

    /// <summary>Slot 0: packets XDP marked; 1: packets TC found the marker in; 2 and 3: the metadata size and the recorded length of the last of those.</summary>
    public static readonly ArrayMap<ulong> MetaResults = new(4);

    /// <summary>Marks ARP packets only: the veth ends also send IPv6 neighbour and multicast-listener packets of other lengths.</summary>
    [Xdp("meta_writer")]
    public static XdpAction Write(XdpContext ctx)
    {
        EthernetHeader* ethernet = ctx.Header<EthernetHeader>(0);
        if (ethernet == null || Net.Ntohs(ethernet->EtherType) != EtherType.Arp || ctx.AdjustMeta(-8) != 0)
        {
            return XdpAction.Pass;
        }

        byte* meta = ctx.DataMeta;
        byte* data = ctx.Data;
        if (meta + 8 > data)
        {
            return XdpAction.Pass;
        }

        *(uint*)meta = Marker;
        *(uint*)(meta + 4) = (uint)(ctx.DataEnd - data);
        Count(0);
        return XdpAction.Pass;
    }

    [Tc("meta_reader")]
    public static TcAction Read(TcContext ctx)
    {
        if (ctx.MetadataDynptr(out var metadata) != 0)
        {
            return TcAction.Ok;
        }

        ulong both;
        if (metadata.Read(0, &both, 8) == 0 && (uint)both == Marker)
        {
            Count(1);
            Store(2, metadata.Size);
            Store(3, both >> 32);
        }

        return TcAction.Ok;
    }

    private static void Count(uint slot)
    {
        ulong* cell = MetaResults.Lookup(slot);
        if (cell != null)
        {
            Interlocked.Increment(ref *cell);
        }
    }

    private static void Store(uint slot, ulong value)
    {
        ulong* cell = MetaResults.Lookup(slot);
        if (cell != null)
        {
            *cell = value;
        }
    }
}
