namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>Programs that record what the cgroup helpers answer for the packets they see.</summary>
public static unsafe class CgroupHelperPrograms
{
    /// <summary>The UDP port whose datagrams the TC program records (every packet of a test run is recorded).</summary>
    public const ushort RecordedPort = 4242;

    /// <summary>The ancestor level the programs ask for beyond the socket's own: deeper than any test cgroup.</summary>
    public const int MissingLevel = 50;

    /// <summary>Slots of cgroup directories: the tests fill 0 and 1 and leave the others empty.</summary>
    public static readonly CgroupArrayMap Cgroups = new(4);

    /// <summary>What <see cref="Record"/> saw, slot by slot (see <see cref="Slot"/>).</summary>
    public static readonly ArrayMap<long> Results = new(16);

    /// <summary>What <see cref="RecordCgroupSkb"/> saw: the socket's cgroup id, its level 1 ancestor and packets seen.</summary>
    public static readonly ArrayMap<long> CgroupSkbResults = new(4);

    /// <summary>The slots of <see cref="Results"/>.</summary>
    public enum Slot : uint
    {
        /// <summary>Packets recorded.</summary>
        Packets,

        /// <summary>bpf_skb_cgroup_id.</summary>
        SocketCgroup,

        /// <summary>bpf_skb_ancestor_cgroup_id at level 0 (the root).</summary>
        SocketRoot,

        /// <summary>bpf_skb_ancestor_cgroup_id at level 1.</summary>
        SocketLevel1,

        /// <summary>bpf_skb_ancestor_cgroup_id at <see cref="MissingLevel"/>.</summary>
        SocketMissingLevel,

        /// <summary>bpf_skb_under_cgroup for slot 0.</summary>
        UnderSlot0,

        /// <summary>bpf_skb_under_cgroup for slot 1.</summary>
        UnderSlot1,

        /// <summary>bpf_skb_under_cgroup for the empty slot 2.</summary>
        UnderEmptySlot,

        /// <summary>bpf_skb_under_cgroup for slot 9, past the map.</summary>
        UnderPastTheMap,

        /// <summary>bpf_get_current_cgroup_id.</summary>
        TaskCgroup,

        /// <summary>bpf_get_current_ancestor_cgroup_id at level 1.</summary>
        TaskLevel1,

        /// <summary>bpf_get_current_ancestor_cgroup_id at <see cref="MissingLevel"/>.</summary>
        TaskMissingLevel,

        /// <summary>bpf_skb_cgroup_classid.</summary>
        SocketClassid,

        /// <summary>bpf_get_cgroup_classid.</summary>
        TaskClassid,
    }

    /// <summary>Records every cgroup helper's answer for a UDP datagram to <see cref="RecordedPort"/> (any packet when <c>data[0]</c> is 0xCC).</summary>
    [Tc("h_cgroup")]
    public static TcAction Record(TcContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 14 + 20 + 8 > ctx.DataEnd)
        {
            return TcAction.Ok;
        }

        bool udpToPort = data[12] == 0x08 && data[13] == 0x00 && data[14 + 9] == IpProtocol.Udp && (data[14] & 0xF) == 5
            && *(ushort*)(data + 14 + 20 + 2) == Net.Htons(RecordedPort);
        if (!udpToPort && data[0] != 0xCC)
        {
            return TcAction.Ok;
        }

        long* packets = Results.Lookup((uint)Slot.Packets);
        if (packets != null)
        {
            Interlocked.Increment(ref *packets);
        }

        Put(Slot.SocketCgroup, (long)ctx.CgroupId());
        Put(Slot.SocketRoot, (long)ctx.AncestorCgroupId(0));
        Put(Slot.SocketLevel1, (long)ctx.AncestorCgroupId(1));
        Put(Slot.SocketMissingLevel, (long)ctx.AncestorCgroupId(MissingLevel));
        Put(Slot.UnderSlot0, ctx.UnderCgroup(Cgroups, 0));
        Put(Slot.UnderSlot1, ctx.UnderCgroup(Cgroups, 1));
        Put(Slot.UnderEmptySlot, ctx.UnderCgroup(Cgroups, 2));
        Put(Slot.UnderPastTheMap, ctx.UnderCgroup(Cgroups, 9));
        Put(Slot.TaskCgroup, (long)Bpf.GetCurrentCgroupId());
        Put(Slot.TaskLevel1, (long)Bpf.GetCurrentAncestorCgroupId(1));
        Put(Slot.TaskMissingLevel, (long)Bpf.GetCurrentAncestorCgroupId(MissingLevel));
        Put(Slot.SocketClassid, ctx.CgroupClassid());
        Put(Slot.TaskClassid, ctx.CurrentTaskClassid());
        return TcAction.Ok;
    }

    /// <summary>Records the socket's cgroup and its level 1 ancestor, and lets the packet through.</summary>
    [CgroupSkb("h_cgroup_skb", CgroupSkbDirection.Egress)]
    public static CgroupSkbVerdict RecordCgroupSkb(CgroupSkbContext ctx)
    {
        CgroupSkbResults.Update(0, (long)ctx.CgroupId());
        CgroupSkbResults.Update(1, (long)ctx.AncestorCgroupId(1));
        long* packets = CgroupSkbResults.Lookup(2);
        if (packets != null)
        {
            Interlocked.Increment(ref *packets);
        }

        return CgroupSkbVerdict.Allow;
    }

    private static void Put(Slot slot, long value) => Results.Update((uint)slot, value);
}
