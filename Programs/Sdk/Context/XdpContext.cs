using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>
/// The context of an XDP program (<c>struct xdp_md</c>): the packet and where it arrived.
/// In a compiled program every member is a context access or a helper call; run as ordinary
/// .NET code (see <see cref="ForPacket"/>) it works on a packet in native memory with the
/// same layout and limits as the kernel's test run.
/// </summary>
public sealed unsafe partial class XdpContext : IDisposable
{
    /// <summary>ETH_HLEN: the kernel keeps at least an Ethernet header in the packet.</summary>
    private const int EthernetHeaderLength = 14;

    private readonly PacketBuffer buffer;
    private readonly XdpFragments fragments;

    private XdpContext(PacketBuffer buffer, XdpFragments fragments)
    {
        this.buffer = buffer;
        this.fragments = fragments;
        Traits = new PacketTraits(new HeadroomTraitStorage(buffer));
    }

    /// <summary>
    /// A context over a copy of <paramref name="packet"/>, for running a program as managed code
    /// (in a unit test). The packet gets <paramref name="headroom"/> bytes in front of it, as
    /// BPF_PROG_TEST_RUN gives (256). As the test run does, a packet longer than the first buffer
    /// holds (3,520 bytes after 256 of headroom) becomes a multi-buffer packet: the first buffer
    /// is full and the rest goes into fragments of a page each, which <see cref="LoadBytes"/>,
    /// <see cref="StoreBytes"/>, <see cref="BufferLength"/>, <see cref="AdjustTail"/> and
    /// <see cref="Packet"/> reach and <see cref="Data"/> to <see cref="DataEnd"/> does not.
    /// </summary>
    /// <exception cref="ArgumentException">The packet needs more than 17 fragments (the test run answers ENOMEM).</exception>
    public static XdpContext ForPacket(ReadOnlySpan<byte> packet, int headroom = PacketBuffer.DefaultHeadroom)
    {
        int linear = Math.Min(packet.Length, Math.Max(0, PacketBuffer.FrameSize - PacketBuffer.SharedInfoSize - headroom));
        return new(new PacketBuffer(packet[..linear], headroom), new XdpFragments(packet[linear..]));
    }

    /// <summary>The first byte of the packet (<c>ctx->data</c>).</summary>
    public byte* Data { [BpfIntrinsic("xdp_md.data")] get => buffer.Data; }

    /// <summary>One past the last byte of the packet (<c>ctx->data_end</c>); compare before every access.</summary>
    public byte* DataEnd { [BpfIntrinsic("xdp_md.data_end")] get => buffer.DataEnd; }

    /// <summary>The packet's bytes from its start, as bpf_perf_event_output appends them (managed only).</summary>
    internal ReadOnlySpan<byte> PacketBytes => new(buffer.Data, buffer.Length);

    /// <summary>The start of the metadata area in front of the packet (<c>ctx->data_meta</c>); equal to <see cref="Data"/> when empty.</summary>
    public byte* DataMeta { [BpfIntrinsic("xdp_md.data_meta")] get => buffer.DataMeta; }

    /// <summary>The interface the packet arrived on.</summary>
    public uint IngressIfindex { [BpfIntrinsic("xdp_md.ingress_ifindex")] get; init; }

    /// <summary>The receive queue the packet arrived on.</summary>
    public uint RxQueueIndex { [BpfIntrinsic("xdp_md.rx_queue_index")] get; init; }

    /// <summary>
    /// The interface the packet leaves on: readable only in a DEVMAP program (<c>[Xdp(name, XdpAttach.DevMap)]</c>), the
    /// verifier refuses it elsewhere. Managed: set to the slot's interface when <see cref="ManagedExecution.Deliver"/> runs one.
    /// </summary>
    public uint EgressIfindex { [BpfIntrinsic("xdp_md.egress_ifindex")] get; internal set; }

    /// <summary>
    /// The packet's traits. Managed: the store sits in the headroom right after the xdp_frame, as
    /// the trait kfuncs keep it; while it exists <see cref="AdjustMeta"/> and <see cref="AdjustHead"/>
    /// cannot move into it.
    /// </summary>
    public PacketTraits Traits { [BpfIntrinsic("traits")] get; }

    /// <summary>The trait store as it is now, header and values; empty when the packet has no traits (managed only).</summary>
    public byte[] TraitStoreBytes => Traits.StoreBytes();

    /// <summary>The packet as it is now (after any head, tail or content changes), its fragments' bytes after the first buffer's.</summary>
    public byte[] Packet => [.. buffer.ToArray(), .. fragments.ToArray()];

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
    /// bpf_xdp_adjust_tail. Returns 0 or a negative errno. In a multi-buffer packet the fragments change: the last
    /// one grows within its page, and a shrink takes bytes off the fragments from the last one back, dropping those
    /// it empties, and off the first buffer only once none is left.
    /// </summary>
    [BpfHelper(BpfHelper.XdpAdjustTail)]
    public int AdjustTail(int delta)
    {
        if (!fragments.Any)
        {
            return buffer.AdjustTail(delta);
        }

        if (delta >= 0)
        {
            return fragments.Grow(delta);
        }

        if (-(long)delta > buffer.Length + fragments.Length - EthernetHeaderLength)
        {
            return -Errno.EINVAL;
        }

        int rest = fragments.Shrink(-delta);
        return rest > 0 ? buffer.AdjustTail(-rest) : 0;
    }

    /// <summary>
    /// Sends the packet out of interface <paramref name="ifindex"/> (bpf_redirect): returns
    /// <see cref="XdpAction.Redirect"/> to return from the program. Managed: records the target in <see cref="RedirectedTo"/>.
    /// </summary>
    [BpfIntrinsic("redirect", Helper = BpfHelper.Redirect)]
    public XdpAction Redirect(uint ifindex)
    {
        RedirectedTo = ifindex;
        ManagedExecution.ForgetRedirect();
        return XdpAction.Redirect;
    }

    /// <summary>
    /// Looks up the route for <paramref name="parameters"/> in the kernel's FIB (bpf_fib_lookup),
    /// filling in the egress interface and MACs on success. Managed: the routes in <see cref="FibRoutes"/>.
    /// </summary>
    [BpfIntrinsic("fib_lookup", Helper = BpfHelper.FibLookup)]
    public FibLookupResult FibLookup(ref FibLookupParams parameters, FibLookupFlags flags = FibLookupFlags.None) =>
        FibRoutes.Lookup(ref parameters);

    /// <summary>
    /// A <see cref="Dynptr"/> over the packet (bpf_dynptr_from_xdp, Linux 6.4+): reads, writes and slices
    /// at offsets checked when the program runs, fragments of a multi-buffer packet included. Returns 0.
    /// Managed execution gives one over a single-buffer packet only.
    /// </summary>
    /// <exception cref="NotSupportedException">Managed, the packet has fragments.</exception>
    public int PacketDynptr(out Dynptr packet) => DynptrFromXdp(this, 0, out packet);

    [Kfunc("bpf_dynptr_from_xdp")]
    private static int DynptrFromXdp(XdpContext ctx, ulong flags, out Dynptr ptr) => ctx.fragments.Any
        ? throw new NotSupportedException("Managed execution has no dynptr over a multi-buffer packet: a slice across fragments would have to be a copy, as the kernel's is, and the managed dynptr points into one buffer.")
        : Dynptr.Create(ctx.buffer.Data, ctx.buffer.Length, flags, out ptr);

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
    public int RxTimestamp(out ulong ns)
    {
        ns = RxMetadata?.Timestamp ?? 0;
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

    /// <summary>
    /// Copies <paramref name="length"/> bytes at <paramref name="offset"/> of the packet to <paramref name="to"/>
    /// (bpf_xdp_load_bytes), across the fragments of a multi-buffer packet too: 0, -EINVAL when the packet is
    /// shorter, -EFAULT for an offset or length over 65535 (<paramref name="to"/> is left as it was).
    /// </summary>
    [BpfHelper(BpfHelper.XdpLoadBytes)]
    public int LoadBytes(int offset, void* to, int length)
    {
        int error = CheckBytes(offset, length);
        if (error == 0)
        {
            var destination = new Span<byte>(to, length);
            int linear = Math.Clamp(buffer.Length - offset, 0, length);
            new ReadOnlySpan<byte>(buffer.Data + offset, linear).CopyTo(destination);
            fragments.Read(Math.Max(0, offset - buffer.Length), destination[linear..]);
        }

        return error;
    }

    /// <summary>
    /// Writes <paramref name="length"/> bytes from <paramref name="from"/> into the packet at <paramref name="offset"/>
    /// (bpf_xdp_store_bytes), across fragments too: 0, -EINVAL when the packet is shorter, -EFAULT for an offset
    /// or length over 65535.
    /// </summary>
    [BpfHelper(BpfHelper.XdpStoreBytes)]
    public int StoreBytes(int offset, void* from, int length)
    {
        int error = CheckBytes(offset, length);
        if (error == 0)
        {
            var source = new ReadOnlySpan<byte>(from, length);
            int linear = Math.Clamp(buffer.Length - offset, 0, length);
            source[..linear].CopyTo(new Span<byte>(buffer.Data + offset, linear));
            fragments.Write(Math.Max(0, offset - buffer.Length), source[linear..]);
        }

        return error;
    }

    /// <summary>bpf_xdp_pointer's checks: offset and length are u32 to the kernel.</summary>
    private int CheckBytes(int offset, int length) =>
        (uint)offset > 0xFFFF || (uint)length > 0xFFFF ? -Errno.EFAULT
        : (uint)offset + (uint)length > BufferLength() ? -Errno.EINVAL
        : 0;

    /// <summary>
    /// The packet's whole length, the fragments of a multi-buffer packet included (bpf_xdp_get_buff_len), where
    /// <see cref="DataEnd"/> - <see cref="Data"/> is only the first buffer's.
    /// </summary>
    [BpfHelper(BpfHelper.XdpGetBuffLen)]
    public ulong BufferLength() => (ulong)(buffer.Length + fragments.Length);

    /// <summary>
    /// Checks the packet against the MTU of interface <paramref name="ifindex"/> (0: the one it arrived on) as
    /// bpf_xdp_check_mtu does: the packet's length, or <paramref name="mtuLength"/> as a network-layer length when
    /// it is not 0, plus <paramref name="lengthDelta"/>, against the MTU plus the link-layer header. Returns
    /// <see cref="CheckMtuResult.Fits"/> or <see cref="CheckMtuResult.FragmentationNeeded"/> and sets
    /// <paramref name="mtuLength"/> to the MTU, or -EINVAL (any flags: XDP has none) or -ENODEV (no such interface).
    /// Managed: the only interface is the packet's own, with <see cref="DeviceMtu"/>; any other is -ENODEV.
    /// </summary>
    [BpfHelper(BpfHelper.CheckMtu)]
    public int CheckMtu(uint ifindex, ref uint mtuLength, int lengthDelta, ulong flags = 0) =>
        flags != 0 ? -Errno.EINVAL : MtuCheck.Check(ifindex, IngressIfindex, DeviceMtu, buffer.Length, ref mtuLength, lengthDelta);

    /// <summary>
    /// The MTU of the interface the packet arrived on, for <see cref="CheckMtu"/> (managed only); 65536 by default,
    /// the loopback device's, which is where BPF_PROG_TEST_RUN puts an XDP packet.
    /// </summary>
    public uint DeviceMtu { get; set; } = 65536;

    /// <summary>
    /// Not available in XDP: the kernel allows classic packet loads (BPF_LD_ABS/BPF_LD_IND) only in socket
    /// filter and TC programs, so the compiler refuses this call at its line. Read the packet through
    /// <see cref="Header{T}"/> or <see cref="Data"/> and <see cref="DataEnd"/>. It exists so that a port of C's
    /// <c>load_byte</c> gets that sentence rather than a missing member.
    /// </summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    [BpfIntrinsic("ld_abs.xdp")]
    public uint LoadByte(int offset) => throw ClassicLoadRefused();

    /// <summary>Not available in XDP; see <see cref="LoadByte"/>.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    [BpfIntrinsic("ld_abs.xdp")]
    public uint LoadHalf(int offset) => throw ClassicLoadRefused();

    /// <summary>Not available in XDP; see <see cref="LoadByte"/>.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    [BpfIntrinsic("ld_abs.xdp")]
    public uint LoadWord(int offset) => throw ClassicLoadRefused();

    private static NotSupportedException ClassicLoadRefused() =>
        new("Classic packet loads (BPF_LD_ABS/BPF_LD_IND) cannot be used in an XDP program: the kernel allows them only in socket filter and TC programs.");

    /// <summary>The interface the last <see cref="Redirect"/> chose (managed only).</summary>
    public uint? RedirectedTo { get; private set; }

    /// <summary>Frees the packet memory.</summary>
    public void Dispose() => buffer.Dispose();
}
