namespace TraitsBpf.Traits.Tests.Kernel;

/// <summary>
/// XDP programs that run one trait store step, decoded from the packet (<see cref="VectorPacket"/>),
/// with <see cref="TraitStore"/> compiled by our compiler: the same code the meta backend inlines.
/// KernelVectorTests runs every shared vector through them with BPF_PROG_TEST_RUN.
/// </summary>
public static unsafe class VectorPrograms
{
    /// <summary>The largest metadata area BPF_PROG_TEST_RUN's 256-byte headroom leaves after the xdp_frame.</summary>
    public const int MaxMetaRoom = 216;

    /// <summary>
    /// The metadata area tv_meta reserves: a .rodata constant the test sets before load, so the
    /// verifier walks the copy loop once with a known count instead of once per possible room.
    /// </summary>
    public static readonly int MetaRoom = MaxMetaRoom;

    /// <summary>
    /// The store in the XDP metadata area, as the meta backend keeps it (<c>store = data_meta</c>,
    /// <c>end = data</c>): reserve <see cref="MetaRoom"/> bytes, copy the starting store in, run
    /// the step. The test run's output starts with the metadata area, so the store comes back
    /// without a copy.
    /// </summary>
    [Xdp("tv_meta")]
    public static XdpAction InMetadata(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + VectorPacket.Store > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        int room = MetaRoom;
        if (ctx.AdjustMeta(-room) != 0)
        {
            return XdpAction.Aborted;
        }

        byte* meta = ctx.DataMeta;
        data = ctx.Data;
        byte* end = ctx.DataEnd;
        if (data + VectorPacket.Store > end)
        {
            return XdpAction.Aborted;
        }

        for (int i = 0; i < MaxMetaRoom; i++)
        {
            if (i >= room)
            {
                break;
            }

            byte* to = meta + i;
            byte* from = data + VectorPacket.Store + i;
            if (to + 1 > data || from + 1 > end)
            {
                return XdpAction.Aborted;
            }

            *to = *from;
        }

        Step(meta, data, data);
        return XdpAction.Pass;
    }

    /// <summary>The store in the packet itself, from <see cref="VectorPacket.Store"/> to the packet's end: rooms over 216 bytes.</summary>
    [Xdp("tv_packet")]
    public static XdpAction InPacket(XdpContext ctx)
    {
        byte* data = ctx.Data;
        byte* end = ctx.DataEnd;
        if (data + VectorPacket.Store > end)
        {
            return XdpAction.Aborted;
        }

        Step(data + VectorPacket.Store, end, data);
        return XdpAction.Pass;
    }

    /// <summary>Runs the step described at <paramref name="fields"/> (known to hold the header) on the store.</summary>
    private static void Step(byte* store, byte* end, byte* fields)
    {
        ulong* value = stackalloc ulong[2];
        value[0] = *(ulong*)(fields + VectorPacket.Value);
        value[1] = *(ulong*)(fields + VectorPacket.Value + 8);
        ulong key = *(ulong*)(fields + VectorPacket.Key);
        int size = fields[VectorPacket.Size];
        int result;
        switch (fields[VectorPacket.Operation])
        {
            case 0:
                result = TraitStore.Get(store, end, key, value, size);
                break;
            case 1:
                result = TraitStore.Set(store, end, key, value, size, *(ulong*)(fields + VectorPacket.Flags));
                break;
            default:
                result = TraitStore.Delete(store, end, key);
                break;
        }

        *(int*)(fields + VectorPacket.Result) = result;
        *(ulong*)(fields + VectorPacket.ValueOut) = value[0];
        *(ulong*)(fields + VectorPacket.ValueOut + 8) = value[1];
    }
}
