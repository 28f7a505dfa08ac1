namespace TraitsBpf.Loader.Tests.CSharp;

/// <summary>A cgroup skb egress program for the cgroup attach tests: the cgroup's UDP datagrams to port 9 are dropped.</summary>
public static unsafe class CgroupSkbPrograms
{
    /// <summary>The UDP destination port whose datagrams are dropped.</summary>
    public const ushort DroppedPort = 9;

    /// <summary>[0]: datagrams dropped.</summary>
    public static readonly ArrayMap<ulong> Dropped = new(1);

    /// <summary>Drops an IPv4 UDP datagram to <see cref="DroppedPort"/> and counts it; lets everything else through.</summary>
    [CgroupSkb("cg_drop_discard", CgroupSkbDirection.Egress)]
    public static CgroupSkbVerdict DropDiscard(CgroupSkbContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 24 > ctx.DataEnd || data[0] != 0x45 || data[9] != IpProtocol.Udp || *(ushort*)(data + 22) != Net.Htons(DroppedPort))
        {
            return CgroupSkbVerdict.Allow;
        }

        ulong* dropped = Dropped.Lookup(0);
        if (dropped != null)
        {
            Interlocked.Increment(ref *dropped);
        }

        return CgroupSkbVerdict.Drop;
    }
}
