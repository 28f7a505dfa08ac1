using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>
/// The context of an XDP program (<c>struct xdp_md</c>): the packet and where it arrived.
/// In a compiled program every member is a context access or a helper call; run as ordinary
/// .NET code (see <see cref="ForPacket"/>) it works on a packet in native memory with the
/// same layout and limits as the kernel's test run.
/// </summary>
public sealed unsafe class XdpContext : IDisposable
{
    private readonly PacketBuffer buffer;

    private XdpContext(PacketBuffer buffer)
    {
        this.buffer = buffer;
        Traits = new PacketTraits(new HeadroomTraitStorage(buffer));
    }

    /// <summary>
    /// A context over a copy of <paramref name="packet"/>, for running a program as managed code
    /// (in a unit test). The packet gets <paramref name="headroom"/> bytes in front of it, as
    /// BPF_PROG_TEST_RUN gives (256).
    /// </summary>
    public static XdpContext ForPacket(ReadOnlySpan<byte> packet, int headroom = PacketBuffer.DefaultHeadroom) =>
        new(new PacketBuffer(packet, headroom));

    /// <summary>The first byte of the packet (<c>ctx->data</c>).</summary>
    public byte* Data { [BpfIntrinsic("xdp_md.data")] get => buffer.Data; }

    /// <summary>One past the last byte of the packet (<c>ctx->data_end</c>); compare before every access.</summary>
    public byte* DataEnd { [BpfIntrinsic("xdp_md.data_end")] get => buffer.DataEnd; }

    /// <summary>The start of the metadata area in front of the packet (<c>ctx->data_meta</c>); equal to <see cref="Data"/> when empty.</summary>
    public byte* DataMeta { [BpfIntrinsic("xdp_md.data_meta")] get => buffer.DataMeta; }

    /// <summary>The interface the packet arrived on.</summary>
    public uint IngressIfindex { [BpfIntrinsic("xdp_md.ingress_ifindex")] get; init; }

    /// <summary>The receive queue the packet arrived on.</summary>
    public uint RxQueueIndex { [BpfIntrinsic("xdp_md.rx_queue_index")] get; init; }

    /// <summary>The interface the packet leaves on (devmap programs only).</summary>
    public uint EgressIfindex { [BpfIntrinsic("xdp_md.egress_ifindex")] get; init; }

    /// <summary>
    /// The packet's traits. Managed: the store sits in the headroom right after the xdp_frame, as
    /// the trait kfuncs keep it; while it exists <see cref="AdjustMeta"/> and <see cref="AdjustHead"/>
    /// cannot move into it.
    /// </summary>
    public PacketTraits Traits { [BpfIntrinsic("traits")] get; }

    /// <summary>The trait store as it is now, header and values; empty when the packet has no traits (managed only).</summary>
    public byte[] TraitStoreBytes => Traits.StoreBytes();

    /// <summary>The packet as it is now (after any head, tail or content changes).</summary>
    public byte[] Packet => buffer.ToArray();

    /// <summary>The metadata area as it is now.</summary>
    public byte[] Metadata => buffer.MetaToArray();

    /// <summary>
    /// A pointer to a <typeparamref name="T"/> at <paramref name="offset"/> bytes into the packet,
    /// or null when the packet is too short. It compiles to the one bounds check the verifier needs.
    /// </summary>
    public T* Header<T>(int offset) where T : unmanaged
    {
        byte* p = Data + offset;
        if (p + sizeof(T) > DataEnd)
        {
            return null;
        }

        return (T*)p;
    }

    /// <summary>
    /// Moves the start of the packet by <paramref name="delta"/> bytes (negative grows the packet at
    /// the front), as bpf_xdp_adjust_head. Returns 0 or a negative errno. Re-read <see cref="Data"/>
    /// and <see cref="DataEnd"/> afterwards: every earlier packet pointer is invalid.
    /// </summary>
    [BpfHelper(BpfHelper.XdpAdjustHead)]
    public int AdjustHead(int delta) => buffer.AdjustHead(delta);

    /// <summary>
    /// Moves the start of the metadata area by <paramref name="delta"/> bytes (negative grows it),
    /// as bpf_xdp_adjust_meta. The area's size must stay a multiple of 4. Returns 0 or a negative errno.
    /// </summary>
    [BpfHelper(BpfHelper.XdpAdjustMeta)]
    public int AdjustMeta(int delta) => buffer.AdjustMeta(delta);

    /// <summary>
    /// Moves the end of the packet by <paramref name="delta"/> bytes (negative shrinks it), as
    /// bpf_xdp_adjust_tail. Returns 0 or a negative errno.
    /// </summary>
    [BpfHelper(BpfHelper.XdpAdjustTail)]
    public int AdjustTail(int delta) => buffer.AdjustTail(delta);

    /// <summary>
    /// Sends the packet out of interface <paramref name="ifindex"/> (bpf_redirect): returns
    /// <see cref="XdpAction.Redirect"/> to return from the program. Managed: records the target in <see cref="RedirectedTo"/>.
    /// </summary>
    [BpfIntrinsic("redirect")]
    public XdpAction Redirect(uint ifindex)
    {
        RedirectedTo = ifindex;
        return XdpAction.Redirect;
    }

    /// <summary>
    /// Looks up the route for <paramref name="parameters"/> in the kernel's FIB (bpf_fib_lookup),
    /// filling in the egress interface and MACs on success. Managed: the routes in <see cref="FibRoutes"/>.
    /// </summary>
    [BpfIntrinsic("fib_lookup")]
    public FibLookupResult FibLookup(ref FibLookupParams parameters, FibLookupFlags flags = FibLookupFlags.None) =>
        FibRoutes.Lookup(ref parameters);

    /// <summary>
    /// A <see cref="Dynptr"/> over the packet (bpf_dynptr_from_xdp, Linux 6.4+): reads, writes and slices
    /// at offsets checked when the program runs, fragments of a multi-buffer packet included. Returns 0.
    /// </summary>
    public int PacketDynptr(out Dynptr packet) => DynptrFromXdp(this, 0, out packet);

    [Kfunc("bpf_dynptr_from_xdp")]
    private static int DynptrFromXdp(XdpContext ctx, ulong flags, out Dynptr ptr)
    {
        ptr = flags == 0 ? Dynptr.Over(ctx.buffer.Data, ctx.buffer.Length, readOnly: false) : default;
        return flags == 0 ? 0 : -Errno.EINVAL;
    }

    /// <summary>
    /// What the device gives the metadata kfuncs about this packet (managed only); null models a
    /// device without them, whose kfuncs return -EOPNOTSUPP.
    /// </summary>
    public RxMetadata? RxMetadata { get; set; }

    /// <summary>
    /// The packet's receive hash and what it covered (bpf_xdp_metadata_rx_hash). Returns 0, or
    /// -ENODATA when the device gave no hash for this packet, or -EOPNOTSUPP when the device does not
    /// report hashes. A program that calls it is device-bound: <c>traitsbpf load</c> loads it for the
    /// interface it attaches to.
    /// </summary>
    [Kfunc("bpf_xdp_metadata_rx_hash")]
    public int RxHash(out uint hash, out RxHashType type)
    {
        hash = RxMetadata?.Hash ?? 0;
        type = RxMetadata?.Hash is null ? RxHashType.None : RxMetadata.HashType;
        return RxMetadata is null ? -Errno.EOPNOTSUPP : RxMetadata.Hash is null ? -Errno.ENODATA : 0;
    }

    /// <summary>
    /// The packet's hardware receive timestamp in nanoseconds (bpf_xdp_metadata_rx_timestamp).
    /// Returns 0, -ENODATA or -EOPNOTSUPP as <see cref="RxHash"/>; device-bound likewise.
    /// </summary>
    [Kfunc("bpf_xdp_metadata_rx_timestamp")]
    public int RxTimestamp(out ulong timestamp)
    {
        timestamp = RxMetadata?.Timestamp ?? 0;
        return RxMetadata is null ? -Errno.EOPNOTSUPP : RxMetadata.Timestamp is null ? -Errno.ENODATA : 0;
    }

    /// <summary>
    /// The VLAN tag the device stripped from the packet (bpf_xdp_metadata_rx_vlan_tag): its protocol
    /// in network byte order and its TCI (VID, DEI and PCP) in host byte order. Returns 0, -ENODATA
    /// (no tag was stripped) or -EOPNOTSUPP as <see cref="RxHash"/>; device-bound likewise.
    /// </summary>
    [Kfunc("bpf_xdp_metadata_rx_vlan_tag")]
    public int RxVlanTag(out ushort protocol, out ushort tci)
    {
        bool tagged = RxMetadata is { VlanProtocol: not null, VlanTci: not null };
        protocol = tagged ? RxMetadata!.VlanProtocol!.Value : (ushort)0;
        tci = tagged ? RxMetadata!.VlanTci!.Value : (ushort)0;
        return RxMetadata is null ? -Errno.EOPNOTSUPP : tagged ? 0 : -Errno.ENODATA;
    }

    /// <summary>The interface the last <see cref="Redirect"/> chose (managed only).</summary>
    public uint? RedirectedTo { get; private set; }

    /// <summary>Frees the packet memory.</summary>
    public void Dispose() => buffer.Dispose();
}
