using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>
/// The context of a TC (sched_cls) program (<c>struct __sk_buff</c>). In a compiled program
/// every member is a context access or a helper call; run as ordinary .NET code (see
/// <see cref="ForPacket(ReadOnlySpan{byte})"/>) it works on a packet in native memory the way the kernel's test
/// run presents it. Properties whose setter is a context access are the fields the kernel lets TC programs write;
/// the other settable ones (<see cref="PacketType"/>, <see cref="DeviceMtu"/>, <see cref="Devices"/>,
/// <see cref="RouteRealm"/>, <see cref="SecurityPath"/>) are inputs of a managed run.
/// </summary>
public sealed unsafe partial class TcContext : IDisposable
{
    private readonly PacketBuffer buffer;
    private SkBuff* kernelSkBuff;
    private readonly SkbPacketEdits skb;
    private TunnelMetadata? tunnel;
    private uint packetType;

    private TcContext(PacketBuffer buffer, ReadOnlySpan<byte> traitStore)
    {
        this.buffer = buffer;
        skb = new SkbPacketEdits(buffer, buffer.SkbProtocol);
        Traits = new PacketTraits(new ExtensionTraitStorage(traitStore));
    }

    /// <summary>
    /// A context over a copy of <paramref name="packet"/> (starting at its Ethernet header), for
    /// running a program as managed code. <see cref="Protocol"/> is taken from the EtherType, as
    /// the kernel's eth_type_trans does.
    /// </summary>
    public static TcContext ForPacket(ReadOnlySpan<byte> packet) => new(new PacketBuffer(packet, PacketBuffer.SkbHeadroom), []);

    /// <summary>
    /// A context over a copy of <paramref name="packet"/> that carries the traits in
    /// <paramref name="traitStore"/> (header and values, e.g. what <see cref="XdpContext.TraitStoreBytes"/>
    /// returned after an XDP program passed the packet); null or empty for none.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="traitStore"/> is not a valid trait store.</exception>
    public static TcContext ForPacket(ReadOnlySpan<byte> packet, byte[]? traitStore) =>
        new(new PacketBuffer(packet, PacketBuffer.SkbHeadroom), traitStore);

    /// <summary>The first byte of the packet (<c>skb->data</c>, the Ethernet header at TC).</summary>
    public byte* Data { [BpfIntrinsic("__sk_buff.data")] get => buffer.Data; }

    /// <summary>One past the last byte of the linear packet data; compare before every access.</summary>
    public byte* DataEnd { [BpfIntrinsic("__sk_buff.data_end")] get => buffer.DataEnd; }

    /// <summary>The packet's bytes from its start, as bpf_perf_event_output appends them (managed only).</summary>
    internal ReadOnlySpan<byte> PacketBytes => new(buffer.Data, buffer.Length);

    /// <summary>The start of the metadata area XDP left in front of the packet; equal to <see cref="Data"/> when none.</summary>
    public byte* DataMeta { [BpfIntrinsic("__sk_buff.data_meta")] get => buffer.DataMeta; }

    /// <summary>
    /// A <see cref="Dynptr"/> over the packet (bpf_dynptr_from_skb, Linux 6.4+): reads, writes and slices at
    /// offsets checked when the program runs, past the linear part of the sk_buff too. Returns 0.
    /// </summary>
    public int PacketDynptr(out Dynptr packet) => DynptrFromSkb(this, 0, out packet);

    /// <summary>
    /// A <see cref="Dynptr"/> over the metadata area in front of the packet (bpf_dynptr_from_skb_meta,
    /// Linux 6.18+), where XDP programs leave metadata for TC; its size is the area's. Returns 0.
    /// </summary>
    public int MetadataDynptr(out Dynptr metadata) => DynptrFromSkbMeta(this, 0, out metadata);

    [Kfunc("bpf_dynptr_from_skb")]
    private static int DynptrFromSkb(TcContext ctx, ulong flags, out Dynptr ptr) =>
        Dynptr.Create(ctx.buffer.Data, ctx.buffer.Length, flags, out ptr);

    [Kfunc("bpf_dynptr_from_skb_meta")]
    private static int DynptrFromSkbMeta(TcContext ctx, ulong flags, out Dynptr ptr) =>
        Dynptr.Create(ctx.buffer.DataMeta, (int)(ctx.buffer.Data - ctx.buffer.DataMeta), flags, out ptr);

    /// <summary>The packet's length in bytes.</summary>
    public uint Length { [BpfIntrinsic("__sk_buff.len")] get => (uint)buffer.Length; }

    /// <summary>The EtherType in network byte order (<c>skb->protocol</c>).</summary>
    public uint Protocol { [BpfIntrinsic("__sk_buff.protocol")] get => skb.Protocol; init => skb.Protocol = value; }

    /// <summary>
    /// The kernel's <c>struct sk_buff</c> behind the context (bpf_cast_to_kern_ctx, Linux 6.2+), for fields
    /// <c>__sk_buff</c> does not expose: each field read is a CO-RE relocation, so one object reads the right
    /// offsets on every kernel (declare more fields in a <c>[KernelType("sk_buff")]</c> struct of your own and
    /// cast). Read only, and only in the program or methods inlined into it. Managed: a zeroed <see cref="SkBuff"/>
    /// with <c>Len</c> and <c>Protocol</c> of this packet, which a test may change through the pointer.
    /// </summary>
    public SkBuff* KernelSkBuff
    {
        [BpfIntrinsic("tc.kernel_skb")]
        get
        {
            if (kernelSkBuff == null)
            {
                kernelSkBuff = (SkBuff*)System.Runtime.InteropServices.NativeMemory.AllocZeroed((nuint)sizeof(SkBuff));
                kernelSkBuff->Len = (uint)buffer.Length;
                kernelSkBuff->Protocol = (ushort)Protocol;
            }

            return kernelSkBuff;
        }
    }

    /// <summary>
    /// The packet type (PACKET_HOST 0, PACKET_BROADCAST 1, PACKET_MULTICAST 2, PACKET_OTHERHOST 3, ...), which
    /// <see cref="ChangeType"/> changes; a program only reads it. Managed: PACKET_HOST unless a test sets it (the test run
    /// derives it from the destination address as eth_type_trans does on the loopback device, whose address and
    /// broadcast address are all zeros).
    /// </summary>
    public uint PacketType { [BpfIntrinsic("__sk_buff.pkt_type")] get => packetType; set => packetType = value; }
    /// <summary>The 32-bit skb mark, readable by iptables, routing and other programs.</summary>
    public uint Mark { [BpfIntrinsic("__sk_buff.mark")] get; [BpfIntrinsic("__sk_buff.mark")] set; }
    /// <summary>The transmit queue the packet is mapped to.</summary>
    public uint QueueMapping { [BpfIntrinsic("__sk_buff.queue_mapping")] get; [BpfIntrinsic("__sk_buff.queue_mapping")] set; }
    /// <summary>1 when the driver stripped a VLAN tag into <see cref="VlanTci"/>.</summary>
    public uint VlanPresent { [BpfIntrinsic("__sk_buff.vlan_present")] get => skb.VlanPresent; }
    /// <summary>The stripped VLAN tag control information.</summary>
    public uint VlanTci { [BpfIntrinsic("__sk_buff.vlan_tci")] get => skb.VlanTci; init => skb.VlanTci = value; }
    /// <summary>The stripped VLAN tag protocol, network byte order (as <see cref="Net.Htons"/> gives it).</summary>
    public uint VlanProto { [BpfIntrinsic("__sk_buff.vlan_proto")] get => skb.VlanProto; init => skb.VlanProto = value; }
    /// <summary>The queueing priority (skb->priority).</summary>
    public uint Priority { [BpfIntrinsic("__sk_buff.priority")] get; [BpfIntrinsic("__sk_buff.priority")] set; }
    /// <summary>The interface the packet arrived on (0 for locally generated packets).</summary>
    public uint IngressIfindex { [BpfIntrinsic("__sk_buff.ingress_ifindex")] get; init; }
    /// <summary>The interface the packet is on now.</summary>
    public uint Ifindex { [BpfIntrinsic("__sk_buff.ifindex")] get; init; }
    /// <summary>The traffic-control index (skb->tc_index).</summary>
    public uint TcIndex { [BpfIntrinsic("__sk_buff.tc_index")] get; [BpfIntrinsic("__sk_buff.tc_index")] set; }
    /// <summary>The packet's flow hash.</summary>
    public uint Hash
    {
        [BpfIntrinsic("__sk_buff.hash")]
        get => skb.Hash;
        init
        {
            skb.Hash = value;
            skb.HashIsSet = true;
        }
    }
    /// <summary>The class id for the classifier's verdict (direct-action mode).</summary>
    public uint TcClassid { [BpfIntrinsic("__sk_buff.tc_classid")] get; [BpfIntrinsic("__sk_buff.tc_classid")] set; }
    /// <summary>The packet's length on the wire.</summary>
    public uint WireLength { [BpfIntrinsic("__sk_buff.wire_len")] get; init; }

    /// <summary>The packet's traits. Managed: the store is the sk_buff's 256-byte trait extension, as the trait kfuncs keep it.</summary>
    public PacketTraits Traits { [BpfIntrinsic("traits")] get; }

    /// <summary>The trait store as it is now, header and values; empty when the packet has no traits (managed only).</summary>
    public byte[] TraitStoreBytes => Traits.StoreBytes();

    /// <summary>The packet as it is now.</summary>
    public byte[] Packet => buffer.ToArray();

    /// <summary>
    /// A pointer to a <typeparamref name="T"/> at <paramref name="offset"/> bytes into the packet,
    /// or null when the linear data is too short. It compiles to the one bounds check the verifier needs.
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
    /// Sends the packet to interface <paramref name="ifindex"/> (bpf_redirect), out of it or, with
    /// <paramref name="ingress"/>, into it: returns <see cref="TcAction.Redirect"/> to return from the program.
    /// </summary>
    [BpfIntrinsic("redirect", Helper = BpfHelper.Redirect)]
    public TcAction Redirect(uint ifindex, bool ingress = false)
    {
        RedirectedTo = (ifindex, ingress);
        RedirectedBy = TcRedirectKind.Device;
        return TcAction.Redirect;
    }

    /// <summary>
    /// Sends the packet out of interface <paramref name="ifindex"/> with its Ethernet header filled in
    /// from the neighbour table for the packet's destination (bpf_redirect_neigh without next-hop
    /// parameters): returns <see cref="TcAction.Redirect"/>, as the helper does, to return from the program.
    /// Managed: records the target in <see cref="RedirectedTo"/> and <see cref="RedirectedBy"/>.
    /// </summary>
    [BpfIntrinsic("redirect_neigh", Helper = BpfHelper.RedirectNeigh)]
    public TcAction RedirectNeighbor(uint ifindex)
    {
        RedirectedTo = (ifindex, false);
        RedirectedBy = TcRedirectKind.Neighbor;
        return TcAction.Redirect;
    }

    /// <summary>
    /// Sends the packet into the network namespace of the peer of veth or netkit device
    /// <paramref name="ifindex"/> (bpf_redirect_peer, at ingress): returns <see cref="TcAction.Redirect"/>,
    /// as the helper does. Managed: records the target in <see cref="RedirectedTo"/> and <see cref="RedirectedBy"/>.
    /// </summary>
    [BpfIntrinsic("redirect_peer", Helper = BpfHelper.RedirectPeer)]
    public TcAction RedirectPeer(uint ifindex)
    {
        RedirectedTo = (ifindex, true);
        RedirectedBy = TcRedirectKind.Peer;
        return TcAction.Redirect;
    }

    /// <summary>
    /// Copies <paramref name="length"/> bytes at <paramref name="offset"/> of the packet to <paramref name="to"/>
    /// (bpf_skb_load_bytes), also past the linear data: 0, or -EFAULT with <paramref name="to"/> zeroed when the
    /// packet is shorter. The length must be a constant the verifier sees.
    /// </summary>
    [BpfHelper(BpfHelper.SkbLoadBytes)]
    public int LoadBytes(int offset, void* to, int length) => skb.LoadBytes(offset, to, length);

    /// <summary>
    /// Adds (<paramref name="delta"/> &gt; 0, zero bytes) or removes room in an IPv4 or IPv6 packet
    /// (bpf_skb_adjust_room) right after the Ethernet header (<see cref="AdjustRoomMode.Mac"/>) or after the
    /// network header (<see cref="AdjustRoomMode.Net"/>), e.g. for a tunnel header the program then writes.
    /// Returns 0 or -errno: -ENOTSUPP (524) for another protocol or a packet that would lose its network
    /// header, -EINVAL for conflicting flags, -EFAULT for more than 4095 bytes. Packet pointers are invalid afterwards.
    /// </summary>
    [BpfHelper(BpfHelper.SkbAdjustRoom)]
    public int AdjustRoom(int delta, AdjustRoomMode mode, AdjustRoomFlags flags) => skb.AdjustRoom(delta, mode, flags);

    /// <summary>
    /// Tags the packet with VLAN <paramref name="tci"/> (bpf_skb_vlan_push): the tag is offloaded
    /// (<see cref="VlanPresent"/>, <see cref="VlanTci"/>, <see cref="VlanProto"/>), and a tag already offloaded
    /// moves into the packet behind the MAC addresses. <paramref name="protocolNetworkOrder"/> is
    /// <c>Net.Htons(0x8100)</c> or <c>Net.Htons(0x88A8)</c> (anything else means 0x8100). Returns 0 or -errno.
    /// Packet pointers are invalid afterwards.
    /// </summary>
    [BpfHelper(BpfHelper.SkbVlanPush)]
    public int VlanPush(ushort protocolNetworkOrder, ushort tci) => skb.VlanPush(protocolNetworkOrder, tci);

    /// <summary>
    /// Removes the outer VLAN tag (bpf_skb_vlan_pop): the offloaded one, else the one in the packet; a tag left
    /// in the packet behind it becomes the offloaded one. 0 when there was none. Returns 0 or -errno. Packet
    /// pointers are invalid afterwards.
    /// </summary>
    [BpfHelper(BpfHelper.SkbVlanPop)]
    public int VlanPop() => skb.VlanPop();

    /// <summary>
    /// Grows (with zero bytes) or trims the packet to <paramref name="length"/> bytes (bpf_skb_change_tail;
    /// <paramref name="flags"/> must be 0). Returns 0, or -EINVAL for a length under the Ethernet header or over
    /// the kernel's limit. Packet pointers are invalid afterwards.
    /// </summary>
    [BpfHelper(BpfHelper.SkbChangeTail)]
    public int ChangeTail(uint length, ulong flags = 0) => skb.ChangeTail(length, flags);

    /// <summary>
    /// Makes the first <paramref name="length"/> bytes (all of the packet for 0) linear and writable, so that
    /// <see cref="Data"/>..<see cref="DataEnd"/> cover them (bpf_skb_pull_data): 0, or -ENOMEM when the packet is
    /// shorter. Packet pointers are invalid afterwards. Managed: the packet is always linear.
    /// </summary>
    [BpfHelper(BpfHelper.SkbPullData)]
    public int PullData(int length) => skb.PullData(length);

    /// <summary>
    /// Checks the packet against the MTU of interface <paramref name="ifindex"/> (0: the one it is on) as
    /// bpf_check_mtu does: the packet's length, or <paramref name="mtuLength"/> as a network-layer length
    /// when it is not 0, plus <paramref name="lengthDelta"/>, against the MTU plus the link-layer header.
    /// Returns <see cref="CheckMtuResult.Fits"/> or <see cref="CheckMtuResult.FragmentationNeeded"/> and sets
    /// <paramref name="mtuLength"/> to the MTU, or -EINVAL (bad flags) or -ENODEV (no such interface).
    /// Managed: the only interface is the packet's own, with <see cref="DeviceMtu"/> and a 14-byte link-layer
    /// header; any other <paramref name="ifindex"/> is -ENODEV, and a packet is never GSO.
    /// </summary>
    [BpfHelper(BpfHelper.CheckMtu)]
    public int CheckMtu(uint ifindex, ref uint mtuLength, int lengthDelta, CheckMtuFlags flags = CheckMtuFlags.None)
    {
        if ((flags & ~CheckMtuFlags.Segments) != 0 || ((flags & CheckMtuFlags.Segments) != 0 && (lengthDelta != 0 || mtuLength != 0)))
        {
            return -Errno.EINVAL;
        }

        return MtuCheck.Check(ifindex, Ifindex, DeviceMtu, buffer.Length, ref mtuLength, lengthDelta);
    }

    /// <summary>
    /// The MTU of the interface the packet is on, for <see cref="CheckMtu"/> (managed only); 65536 by default,
    /// the loopback device's, which is where BPF_PROG_TEST_RUN puts a TC packet.
    /// </summary>
    public uint DeviceMtu { get; set; } = 65536;

    /// <summary>
    /// The cgroup of the packet's socket, for the cgroup helpers in managed execution (<see cref="CgroupMembership.NoSocket"/>
    /// for a packet without one); the kernel's test run gives its packet a socket made by the calling process, in that
    /// process's cgroup. Unset, the cgroup helpers throw: managed execution has no cgroup of its own to answer with.
    /// </summary>
    public CgroupMembership? SocketCgroup { get; set; }

    /// <summary>
    /// Whether the program runs in softirq context, as it does at ingress (managed only): <see cref="CurrentTaskClassid"/>
    /// then reads the socket's class id instead of the running task's.
    /// </summary>
    public bool InSoftirq { get; set; }

    /// <summary>
    /// The id of the cgroup v2 the packet's socket belongs to (bpf_skb_cgroup_id): the inode number of its directory,
    /// or 0 when the packet has no full socket. At egress that is the sending process's cgroup when it made the socket.
    /// </summary>
    [BpfHelper(BpfHelper.SkbCgroupId)]
    public ulong CgroupId() => CgroupMembership.Required(SocketCgroup, "TcContext.SocketCgroup").Id;

    /// <summary>
    /// The id of the ancestor at <paramref name="level"/> of the socket's cgroup (bpf_skb_ancestor_cgroup_id): level 0
    /// is the root, the socket's own cgroup is at its depth; 0 when there is no such level or no full socket.
    /// </summary>
    [BpfHelper(BpfHelper.SkbAncestorCgroupId)]
    public ulong AncestorCgroupId(int level) => CgroupMembership.Required(SocketCgroup, "TcContext.SocketCgroup").AncestorId(level);

    /// <summary>
    /// Whether the packet's socket is in the cgroup in slot <paramref name="index"/> of <paramref name="cgroups"/> or
    /// below it (bpf_skb_under_cgroup): 1 or 0; -ENOENT without a full socket, -E2BIG past the map's slots, -EAGAIN for an
    /// empty slot.
    /// </summary>
    [BpfHelper(BpfHelper.SkbUnderCgroup)]
    public int UnderCgroup(CgroupArrayMap cgroups, uint index)
    {
        ArgumentNullException.ThrowIfNull(cgroups);
        return cgroups.Contains(CgroupMembership.Required(SocketCgroup, "TcContext.SocketCgroup"), index);
    }

    /// <summary>The net_cls class id of the packet's socket (bpf_skb_cgroup_classid), 0 without a full socket or net_cls cgroup.</summary>
    [BpfHelper(BpfHelper.SkbCgroupClassid)]
    public uint CgroupClassid() => CgroupMembership.Required(SocketCgroup, "TcContext.SocketCgroup").Classid;

    /// <summary>
    /// The net_cls class id of the running task (bpf_get_cgroup_classid), which at egress is the sender; in softirq
    /// context (ingress, or a packet sent on later) the socket's, 0 without one. 0 when net_cls (cgroup v1) is not mounted.
    /// Managed: <see cref="ManagedExecution.CurrentCgroup"/>'s, or <see cref="SocketCgroup"/>'s when <see cref="InSoftirq"/>.
    /// </summary>
    [BpfHelper(BpfHelper.GetCgroupClassid)]
    public uint CurrentTaskClassid() => InSoftirq
        ? CgroupMembership.Required(SocketCgroup, "TcContext.SocketCgroup").Classid
        : CgroupMembership.Required(ManagedExecution.CurrentCgroup, "ManagedExecution.CurrentCgroup").Classid;

    /// <summary>
    /// Gives the packet collect-metadata tunnel information (bpf_skb_set_tunnel_key), which a tunnel device in
    /// external mode (<c>ip link add ... external</c>) then encapsulates it with: the outer addresses, id, TOS and
    /// TTL from <paramref name="key"/>. Returns 0, or -EINVAL for unknown flags, a flow label on an IPv4 key or
    /// non-zero <see cref="TunnelKey.TunnelFlags"/>.
    /// </summary>
    [BpfIntrinsic("tunnel_key.set", Helper = BpfHelper.SkbSetTunnelKey)]
    public int SetTunnelKey(in TunnelKey key, SetTunnelKeyFlags flags = SetTunnelKeyFlags.None) =>
        TunnelMetadata.Set(ref tunnel, in key, flags);

    /// <summary>
    /// The packet's collect-metadata tunnel information (bpf_skb_get_tunnel_key): what a tunnel device in
    /// external mode received it with, or what <see cref="SetTunnelKey"/> set (its remote address then reads back
    /// as the local one, and the local as the remote). Returns 0, -EINVAL when the packet has none or for unknown
    /// flags, or -EPROTO when its family is not the one <paramref name="flags"/> names; <paramref name="key"/> is
    /// zeroed on error. Managed: only what <see cref="SetTunnelKey"/> set.
    /// </summary>
    [BpfIntrinsic("tunnel_key.get", Helper = BpfHelper.SkbGetTunnelKey)]
    public int GetTunnelKey(out TunnelKey key, GetTunnelKeyFlags flags = GetTunnelKeyFlags.None) =>
        TunnelMetadata.Get(tunnel, out key, flags);

    /// <summary>Sets the packet's flow hash (bpf_set_hash), which <see cref="GetHashRecalc"/> and the stack then use; returns 0.</summary>
    [BpfHelper(BpfHelper.SetHash)]
    public int SetHash(uint hash)
    {
        skb.Hash = hash;
        skb.HashIsSet = true;
        return 0;
    }

    /// <summary>
    /// The packet's flow hash, computed by the kernel's flow dissector when none is set (bpf_get_hash_recalc).
    /// Managed: the hash <see cref="SetHash"/> or the initializer set; the kernel's computed hash uses a per-boot
    /// random seed, which managed execution cannot reproduce, so without one this throws.
    /// </summary>
    /// <exception cref="NotSupportedException">No hash was set.</exception>
    [BpfHelper(BpfHelper.GetHashRecalc)]
    public uint GetHashRecalc() => skb.HashIsSet
        ? skb.Hash
        : throw new NotSupportedException("bpf_get_hash_recalc computes the flow hash with a per-boot random seed; managed execution returns only a hash set with SetHash or the Hash initializer.");

    /// <summary>Looks up the route for <paramref name="parameters"/> (bpf_fib_lookup); see <see cref="XdpContext.FibLookup"/>.</summary>
    [BpfIntrinsic("fib_lookup", Helper = BpfHelper.FibLookup)]
    public FibLookupResult FibLookup(ref FibLookupParams parameters, FibLookupFlags flags = FibLookupFlags.None) =>
        FibRoutes.Lookup(ref parameters);

    /// <summary>
    /// Writes <paramref name="length"/> bytes from <paramref name="from"/> into the packet at
    /// <paramref name="offset"/> (bpf_skb_store_bytes): 0, or -EFAULT beyond the packet. Packet
    /// pointers are invalid afterwards.
    /// </summary>
    [BpfHelper(BpfHelper.SkbStoreBytes)]
    public int StoreBytes(int offset, void* from, int length, ulong flags = 0)
    {
        if (offset < 0 || length < 0 || offset + length > buffer.Length)
        {
            return -Errno.EFAULT;
        }

        new ReadOnlySpan<byte>(from, length).CopyTo(new Span<byte>(buffer.Data + offset, length));
        return 0;
    }

    /// <summary>
    /// Updates the 16-bit IP header checksum at <paramref name="offset"/> for a field that changed
    /// from <paramref name="from"/> to <paramref name="to"/> (bpf_l3_csum_replace); the field's size
    /// (2 or 4, or 0 when <paramref name="to"/> is a difference from <see cref="Bpf.CsumDiff"/>) is in
    /// <paramref name="flags"/>. Values as loaded from the packet. 0, -EINVAL or -EFAULT.
    /// </summary>
    [BpfHelper(BpfHelper.L3CsumReplace)]
    public int L3ChecksumReplace(int offset, ulong from, ulong to, ulong flags) =>
        ChecksumReplace(offset, from, to, flags, transport: false);

    /// <summary>
    /// As <see cref="L3ChecksumReplace"/>, for a TCP or UDP checksum (bpf_l4_csum_replace); with
    /// BPF_F_MARK_MANGLED_0 (0x20) a zero UDP checksum stays zero and a result of zero is written as 0xFFFF.
    /// </summary>
    [BpfHelper(BpfHelper.L4CsumReplace)]
    public int L4ChecksumReplace(int offset, ulong from, ulong to, ulong flags) =>
        ChecksumReplace(offset, from, to, flags, transport: true);

    private int ChecksumReplace(int offset, ulong from, ulong to, ulong flags, bool transport)
    {
        const ulong SizeMask = 0xF;
        const ulong MarkMangled0 = 0x20;
        ulong allowed = transport ? SizeMask | 0x10 | MarkMangled0 | 0x40 : SizeMask;
        if ((flags & ~allowed) != 0)
        {
            return -Errno.EINVAL;
        }

        if (offset < 0 || offset + 2 > buffer.Length)
        {
            return -Errno.EFAULT;
        }

        ushort* field = (ushort*)(buffer.Data + offset);
        bool mangled0 = transport && (flags & MarkMangled0) != 0;
        if (mangled0 && *field == 0)
        {
            return 0;
        }

        // The kernel's arithmetic exactly (include/net/checksum.h, net/core/utils.c), zero's two forms included.
        uint unfolded = ~(uint)*field;
        uint sum;
        switch (flags & SizeMask)
        {
            case 0:
                sum = AddWithCarry((uint)to, unfolded);
                break;
            case 2 when !transport:
                {
                    ushort partial = Add16(Add16((ushort)~*field, (ushort)~(ushort)from), (ushort)to);
                    *field = (ushort)~partial;
                    return 0;
                }

            case 2 or 4:
                {
                    uint oldValue = (flags & SizeMask) == 2 ? (ushort)from : (uint)from;
                    uint newValue = (flags & SizeMask) == 2 ? (ushort)to : (uint)to;
                    sum = AddWithCarry(AddWithCarry(unfolded, ~oldValue), newValue);
                    break;
                }

            default:
                return -Errno.EINVAL;
        }

        *field = InternetChecksumArithmetic.Fold(sum);
        if (mangled0 && *field == 0)
        {
            *field = 0xFFFF;
        }

        return 0;
    }

    private static ushort Add16(ushort a, ushort b)
    {
        ushort sum = (ushort)(a + b);
        return (ushort)(sum + (sum < b ? 1 : 0));
    }

    private static uint AddWithCarry(uint a, uint b)
    {
        ulong sum = (ulong)a + b;
        return (uint)((sum & 0xFFFFFFFF) + (sum >> 32));
    }

    /// <summary>The interface and direction the last redirect chose (managed only).</summary>
    public (uint Ifindex, bool Ingress)? RedirectedTo { get; private set; }

    /// <summary>Which helper the last redirect used (managed only).</summary>
    public TcRedirectKind? RedirectedBy { get; private set; }

    /// <summary>
    /// The byte at <paramref name="offset"/> of the packet (BPF_LD_ABS for a constant offset, BPF_LD_IND
    /// otherwise, as C's <c>load_byte</c>). Offset 0 is the Ethernet header; the load reads past the linear data too. A load past the end of the packet ends the program,
    /// which returns 0 (managed: <see cref="PacketLoadExitException"/>, which <see cref="ManagedExecution"/> turns into that 0).
    /// Offsets from SKF_NET_OFF (-0x100000) count from the network header, from SKF_LL_OFF (-0x200000) from the link-layer header.
    /// </summary>
    [BpfIntrinsic("ld_abs.byte")]
    public uint LoadByte(int offset) => ClassicPacketLoad.Read(buffer, offset, 1, skb.NetworkOffset, 0);

    /// <summary>The two bytes at <paramref name="offset"/> in host order, converted from network order (bytes 08 00 give 0x0800); see <see cref="LoadByte"/>.</summary>
    [BpfIntrinsic("ld_abs.half")]
    public uint LoadHalf(int offset) => ClassicPacketLoad.Read(buffer, offset, 2, skb.NetworkOffset, 0);

    /// <summary>The four bytes at <paramref name="offset"/> in host order, converted from network order; see <see cref="LoadByte"/>.</summary>
    [BpfIntrinsic("ld_abs.word")]
    public uint LoadWord(int offset) => ClassicPacketLoad.Read(buffer, offset, 4, skb.NetworkOffset, 0);

    /// <summary>Frees the packet memory.</summary>
    public void Dispose()
    {
        System.Runtime.InteropServices.NativeMemory.Free(kernelSkBuff);
        kernelSkBuff = null;
        buffer.Dispose();
    }
}
