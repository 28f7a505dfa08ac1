namespace TraitsBpf.Programs.Tests.Maps;

/// <summary>
/// Maps of maps: per-tenant counter tables chosen by slot (an array of maps filled by its initializer) and
/// per-flow limits chosen by key (a hash of maps user space fills), each inner map used with its own methods.
/// </summary>
public static unsafe class MapOfMapsPrograms
{
    /// <summary>Offsets in the test packet: the table slot, the hash key, the counter key, then where results go.</summary>
    public const int SlotAt = 0, FlowAt = 4, CounterAt = 12, CountedAt = 16, LimitAt = 24, PacketLength = 28;

    /// <summary>Tenant blue's counters.</summary>
    public static readonly HashMap<uint, ulong> Blue = new(16);

    /// <summary>Tenant green's counters.</summary>
    public static readonly HashMap<uint, ulong> Green = new(16);

    /// <summary>The counter tables by tenant slot: 1 is blue, 3 is green, the rest empty.</summary>
    public static readonly ArrayOfMaps<HashMap<uint, ulong>> Tables = new(4, new HashMap<uint, ulong>(16)) { [1] = Blue, [3] = Green };

    /// <summary>Limits by flow: user space stores an array of limits per flow.</summary>
    public static readonly HashOfMaps<ulong, ArrayMap<uint>> Limits = new(8, new ArrayMap<uint>(2));

    /// <summary>A limit table user space can put in <see cref="Limits"/>.</summary>
    public static readonly ArrayMap<uint> Gold = new(2);

    /// <summary>
    /// Counts the packet in the table of slot <see cref="SlotAt"/> under the key at <see cref="CounterAt"/>, writing
    /// the count (or ulong.MaxValue when the slot is empty); then reads limit 1 of the flow at <see cref="FlowAt"/>
    /// (0xFFFFFFFF when the flow has no table).
    /// </summary>
    [Xdp("m_of_maps")]
    public static XdpAction Count(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + PacketLength > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        uint slot = *(uint*)(data + SlotAt);
        uint counter = *(uint*)(data + CounterAt);
        var table = Tables.Lookup(slot);
        ulong counted = ulong.MaxValue;
        if (table != null)
        {
            ulong* value = table.Lookup(counter);
            if (value != null)
            {
                counted = ++*value;
            }
            else
            {
                counted = 1;
                table.Update(counter, counted);
            }
        }

        *(ulong*)(data + CountedAt) = counted;
        ulong flow = *(ulong*)(data + FlowAt);
        var limits = Limits.Lookup(flow);
        uint limit = 0xFFFFFFFF;
        if (limits is not null)
        {
            uint* entry = limits.Lookup(1);
            if (entry != null)
            {
                limit = *entry;
            }
        }

        *(uint*)(data + LimitAt) = limit;
        return XdpAction.Pass;
    }

    /// <summary>Uses <see cref="Gold"/> directly, so that the object defines it for user space to put in <see cref="Limits"/>.</summary>
    [Xdp("m_gold")]
    public static XdpAction GoldLimit(XdpContext ctx)
    {
        uint* limit = Gold.Lookup(0);
        return limit != null && *limit != 0 ? XdpAction.Drop : XdpAction.Pass;
    }
}
