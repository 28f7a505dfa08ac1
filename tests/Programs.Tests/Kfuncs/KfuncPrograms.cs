namespace TraitsBpf.Programs.Tests.Kfuncs;

/// <summary>
/// Programs that declare kernel kfuncs with <c>[Kfunc]</c> and call them: the dynptr kfuncs of
/// any 6.4+ kernel over the XDP packet, and the device's receive metadata through the SDK's typed
/// wrappers (device-bound).
/// </summary>
public static unsafe class KfuncPrograms
{
    /// <summary>Where <see cref="RxMetadata"/> writes each kfunc's result and value; slot 0 counts packets.</summary>
    public static readonly ArrayMap<long> RxResults = new(8);

    [Kfunc]
    private static extern int bpf_dynptr_from_xdp(XdpContext ctx, ulong flags, ref Dynptr ptr);

    [Kfunc]
    private static extern uint bpf_dynptr_size(in Dynptr ptr);

    [Kfunc]
    private static extern void* bpf_dynptr_slice(in Dynptr ptr, uint offset, void* buffer, uint bufferSize);

    /// <summary>The packet's length through a dynptr over it, written over the packet's first 4 bytes.</summary>
    [Xdp("k_dynptr_size")]
    public static XdpAction DynptrSize(XdpContext ctx)
    {
        var packet = default(Dynptr);
        if (bpf_dynptr_from_xdp(ctx, 0, ref packet) != 0)
        {
            return XdpAction.Aborted;
        }

        uint size = bpf_dynptr_size(packet);
        byte* data = ctx.Data;
        if (data + 4 > ctx.DataEnd)
        {
            return XdpAction.Drop;
        }

        *(uint*)data = size;
        return XdpAction.Pass;
    }

    /// <summary>
    /// The EtherType through a 14-byte slice of a dynptr at an offset the packet gives: Pass for
    /// IPv4, Drop for anything else, Aborted when the slice does not fit.
    /// </summary>
    [Xdp("k_dynptr_slice")]
    public static XdpAction DynptrSlice(XdpContext ctx)
    {
        var packet = default(Dynptr);
        if (bpf_dynptr_from_xdp(ctx, 0, ref packet) != 0)
        {
            return XdpAction.Aborted;
        }

        EthernetHeader copy;
        var ethernet = (EthernetHeader*)bpf_dynptr_slice(packet, 0, &copy, (uint)sizeof(EthernetHeader));
        if (ethernet == null)
        {
            return XdpAction.Aborted;
        }

        return Net.Ntohs(ethernet->EtherType) == EtherType.IPv4 ? XdpAction.Pass : XdpAction.Drop;
    }

    /// <summary>
    /// Records what the device says about each packet: slot 0 counts packets, slots 1–3 hold the
    /// last result of RxHash, RxTimestamp and RxVlanTag (0 or -errno), slots 4–7 the last hash,
    /// hash type, timestamp and VLAN TCI.
    /// </summary>
    [Xdp("k_rx_metadata")]
    public static XdpAction RxMetadata(XdpContext ctx)
    {
        long* count = RxResults.Lookup(0);
        if (count != null)
        {
            Interlocked.Increment(ref *count);
        }

        int hashResult = ctx.RxHash(out uint hash, out RxHashType type);
        int timeResult = ctx.RxTimestamp(ns: out ulong ns);
        int vlanResult = ctx.RxVlanTag(out ushort protocol, out ushort tci);
        Store(1, hashResult);
        Store(2, timeResult);
        Store(3, vlanResult);
        Store(4, hash);
        Store(5, (long)type);
        Store(6, (long)ns);
        Store(7, vlanResult == 0 ? (long)protocol << 16 | tci : 0);
        return XdpAction.Pass;
    }

    /// <summary>
    /// Tags every packet leaving with VLAN 5, priority 3 (bpf_skb_vlan_push): the tag travels beside the
    /// sk_buff, as a device that strips tags in hardware gives it, so the veth peer's XDP reads it with RxVlanTag.
    /// </summary>
    [Tc("k_vlan_tag", TcDirection.Egress)]
    public static TcAction TagVlan(TcContext ctx)
    {
        SkbVlanPush(ctx, VlanProtocolNetworkOrder, VlanTci);
        return TcAction.Ok;
    }

    /// <summary>802.1Q (0x8100) as the kernel keeps it, in network byte order.</summary>
    public const ushort VlanProtocolNetworkOrder = 0x0081;

    /// <summary>Priority 3, VLAN 5.</summary>
    public const ushort VlanTci = 3 << 13 | 5;

    [TraitsBpf.CompilerServices.BpfHelper(TraitsBpf.Object.BpfHelper.SkbVlanPush)]
    private static int SkbVlanPush(TcContext ctx, ushort protocol, ushort tci) => throw new NotSupportedException("kernel only");

    private static void Store(uint slot, long value)
    {
        long* cell = RxResults.Lookup(slot);
        if (cell != null)
        {
            *cell = value;
        }
    }
}
