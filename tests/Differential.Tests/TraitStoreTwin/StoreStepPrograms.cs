namespace TraitsBpf.Differential.Tests.TraitStoreTwin;

/// <summary>
/// XDP programs that run one <see cref="StoreStep"/> with <see cref="TraitStore"/>,
/// compiled by our compiler: the code the meta backend inlines. store_step.bpf.c defines the same
/// two programs over trait_store.h, the C twins' store, compiled by clang.
/// </summary>
public static unsafe class StoreStepPrograms
{
    /// <summary>The store in the packet, from <see cref="StoreStep.StoreOffset"/> to the end: any room.</summary>
    [Xdp("ts_packet")]
    public static XdpAction InPacket(XdpContext ctx)
    {
        byte* data = ctx.Data;
        byte* end = ctx.DataEnd;
        if (data + StoreStep.StoreOffset > end)
        {
            return XdpAction.Aborted;
        }

        Run(data + StoreStep.StoreOffset, end, data);
        return XdpAction.Pass;
    }

    /// <summary>The store in the XDP metadata area the test run was given, as the meta backend keeps it (<c>[data_meta, data)</c>).</summary>
    [Xdp("ts_meta")]
    public static XdpAction InMetadata(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + StoreStep.StoreOffset > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        Run(ctx.DataMeta, data, data);
        return XdpAction.Pass;
    }

    /// <summary>Runs the step whose fields are at <paramref name="fields"/> (known to hold them) on the store.</summary>
    private static void Run(byte* store, byte* end, byte* fields)
    {
        ulong* value = stackalloc ulong[2];
        value[0] = *(ulong*)(fields + StoreStep.ValueOffset);
        value[1] = *(ulong*)(fields + StoreStep.ValueOffset + 8);
        ulong key = *(ulong*)(fields + StoreStep.KeyOffset);
        int size = fields[StoreStep.SizeOffset];
        int result;
        switch (fields[StoreStep.OperationOffset])
        {
            case 0:
                result = TraitStore.Get(store, end, key, value, size);
                break;
            case 1:
                result = TraitStore.Set(store, end, key, value, size, *(ulong*)(fields + StoreStep.FlagsOffset));
                break;
            default:
                result = TraitStore.Delete(store, end, key);
                break;
        }

        *(int*)(fields + StoreStep.ResultOffset) = result;
        *(ulong*)(fields + StoreStep.ValueOutOffset) = value[0];
        *(ulong*)(fields + StoreStep.ValueOutOffset + 8) = value[1];
    }
}
