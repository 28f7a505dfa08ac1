namespace TraitsBpf.Compiler.Tests.Rejected;

/// <summary>Maps of maps the kernel would refuse, refused at the line that uses the outer map.</summary>
public static unsafe partial class RejectedPrograms
{
    private static readonly HashMap<uint, ulong> PlainCounters = new(16);
    private static readonly ArrayOfMaps<HashMap<uint, ulong>> UnpreallocatedTables = new(4, new HashMap<uint, ulong>(16, MapFlags.NoPrealloc)) { [0] = PlainCounters };
    private static readonly ArrayMap<uint> TwoLimits = new(2);
    private static readonly ArrayOfMaps<ArrayMap<uint>> FourLimitTables = new(4, new ArrayMap<uint>(4)) { [1] = TwoLimits };
    private static readonly ArrayOfMaps<HashMap<uint, ulong>> ShortTables = new(4, new HashMap<uint, ulong>(16)) { [9] = PlainCounters };
    private static readonly ArrayOfMaps<ArrayOfMaps<ArrayMap<uint>>> NestedTables = new(2, new ArrayOfMaps<ArrayMap<uint>>(2, new ArrayMap<uint>(2)));
    private static readonly HashOfMaps<uint, ArrayMap<uint>> LimitsByFlow = new(8, new ArrayMap<uint>(2));

    [Xdp("bad_inner_flags")]
    public static XdpAction InnerFlagsDiffer(XdpContext ctx) =>
        UnpreallocatedTables.Lookup(0) == null ? XdpAction.Pass : XdpAction.Drop; // rejected: inner flags

    [Xdp("bad_inner_size")]
    public static XdpAction InnerArraySizeDiffers(XdpContext ctx) =>
        FourLimitTables.Lookup(1) == null ? XdpAction.Pass : XdpAction.Drop; // rejected: inner size

    [Xdp("bad_slot_index")]
    public static XdpAction SlotOutsideTheMap(XdpContext ctx) =>
        ShortTables.Lookup(1) == null ? XdpAction.Pass : XdpAction.Drop; // rejected: slot index

    [Xdp("bad_nested_maps")]
    public static XdpAction NestedMapsOfMaps(XdpContext ctx) =>
        NestedTables.Lookup(1) == null ? XdpAction.Pass : XdpAction.Drop; // rejected: nested maps

    [Xdp("bad_map_of_maps_update")]
    public static XdpAction UpdateFromAProgram(XdpContext ctx)
    {
        LimitsByFlow.Update(1, TwoLimits); // rejected: map of maps update
        return XdpAction.Pass;
    }
}
