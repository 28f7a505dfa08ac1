using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>
/// The context of a socket filter program (<c>struct __sk_buff</c> as socket filters see it).
/// Socket filters cannot point into the packet; they copy bytes out with <see cref="LoadBytes"/>.
/// </summary>
public sealed unsafe partial class SocketContext : IDisposable
{
    private readonly PacketBuffer buffer;
    private readonly SkbPacketEdits skb;

    private SocketContext(PacketBuffer buffer, ReadOnlySpan<byte> traitStore)
    {
        this.buffer = buffer;
        skb = new SkbPacketEdits(buffer, buffer.SkbProtocol);
        Traits = new PacketTraits(new ExtensionTraitStorage(traitStore), Abi.TraitKfuncs.SocketFilterReadsOnly);
    }

    /// <summary>A context over a copy of <paramref name="packet"/>, for running a program as managed code.</summary>
    public static SocketContext ForPacket(ReadOnlySpan<byte> packet) => new(new PacketBuffer(packet, PacketBuffer.SkbHeadroom), []);

    /// <summary>
    /// A context over a copy of <paramref name="packet"/> whose sk_buff carries the traits in <paramref name="traitStore"/>
    /// (header and values, e.g. what <see cref="TcContext.TraitStoreBytes"/> returned at TC ingress); null or empty for none.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="traitStore"/> is not a valid trait store.</exception>
    public static SocketContext ForPacket(ReadOnlySpan<byte> packet, byte[]? traitStore) =>
        new(new PacketBuffer(packet, PacketBuffer.SkbHeadroom), traitStore);

    /// <summary>
    /// The packet's traits, read only: <c>TryGet</c> (the kfunc backend's bpf_skb_trait_get, or the stash backend's entry of
    /// the sk_buff); <c>Set</c> and <c>Delete</c> are refused. The meta backend has no traits here: a socket filter cannot
    /// read the metadata area. Managed: the sk_buff's 256-byte trait extension, as the kfuncs keep it.
    /// </summary>
    public PacketTraits Traits { [BpfIntrinsic("traits")] get; }

    /// <summary>The packet's length in bytes.</summary>
    public uint Length { [BpfIntrinsic("__sk_buff.len")] get => (uint)buffer.Length; }

    /// <summary>The packet's bytes from its start, as bpf_perf_event_output appends them (managed only).</summary>
    internal ReadOnlySpan<byte> PacketBytes => new(buffer.Data, buffer.Length);

    /// <summary>The EtherType in network byte order (<c>skb->protocol</c>).</summary>
    public uint Protocol { [BpfIntrinsic("__sk_buff.protocol")] get => skb.Protocol; init => skb.Protocol = value; }

    /// <summary>The packet type (PACKET_HOST, PACKET_BROADCAST, ...).</summary>
    public uint PacketType { [BpfIntrinsic("__sk_buff.pkt_type")] get; init; }
    /// <summary>The 32-bit skb mark, readable by iptables, routing and other programs.</summary>
    public uint Mark { [BpfIntrinsic("__sk_buff.mark")] get; init; }
    /// <summary>The transmit queue the packet is mapped to.</summary>
    public uint QueueMapping { [BpfIntrinsic("__sk_buff.queue_mapping")] get; init; }
    /// <summary>1 when the driver stripped a VLAN tag into <see cref="VlanTci"/>.</summary>
    public uint VlanPresent { [BpfIntrinsic("__sk_buff.vlan_present")] get; init; }
    /// <summary>The stripped VLAN tag control information.</summary>
    public uint VlanTci { [BpfIntrinsic("__sk_buff.vlan_tci")] get; init; }
    /// <summary>The stripped VLAN tag protocol, network byte order.</summary>
    public uint VlanProto { [BpfIntrinsic("__sk_buff.vlan_proto")] get; init; }
    /// <summary>The queueing priority (skb->priority).</summary>
    public uint Priority { [BpfIntrinsic("__sk_buff.priority")] get; init; }
    /// <summary>The interface the packet arrived on (0 for locally generated packets).</summary>
    public uint IngressIfindex { [BpfIntrinsic("__sk_buff.ingress_ifindex")] get; init; }
    /// <summary>The interface the packet is on now.</summary>
    public uint Ifindex { [BpfIntrinsic("__sk_buff.ifindex")] get; init; }
    /// <summary>The packet's flow hash.</summary>
    public uint Hash { [BpfIntrinsic("__sk_buff.hash")] get; init; }

    /// <summary>
    /// Copies <paramref name="length"/> bytes at <paramref name="offset"/> of the packet to
    /// <paramref name="destination"/> (bpf_skb_load_bytes). Returns 0, or a negative errno when the
    /// packet is shorter.
    /// </summary>
    [BpfHelper(BpfHelper.SkbLoadBytes)]
    public int LoadBytes(int offset, void* destination, int length) => skb.LoadBytes(offset, destination, length);

    /// <summary>
    /// Copies <paramref name="length"/> bytes at <paramref name="offset"/> from the start of the MAC or the network
    /// header to <paramref name="destination"/> (bpf_skb_load_bytes_relative): 0, or -EFAULT with
    /// <paramref name="destination"/> zeroed when the packet does not hold them. The length must be a constant the
    /// verifier sees. Managed: the context holds the packet from the network header on, so a read from the MAC header throws.
    /// </summary>
    /// <exception cref="NotSupportedException"><paramref name="start"/> is <see cref="HeaderStart.Mac"/> in managed execution.</exception>
    [BpfHelper(BpfHelper.SkbLoadBytesRelative)]
    public int LoadBytesRelative(uint offset, void* destination, int length, HeaderStart start) => skb.LoadBytesRelative(
        start switch
        {
            HeaderStart.Mac => throw new NotSupportedException("bpf_skb_load_bytes_relative from the MAC header: this managed context holds the packet from the network header on, so it has no link-layer header to read."),
            HeaderStart.Network => 0,
            _ => null,
        },
        offset,
        destination,
        length);

    /// <summary>
    /// The byte at <paramref name="offset"/> of the packet (BPF_LD_ABS for a constant offset, BPF_LD_IND
    /// otherwise, as C's <c>load_byte</c>). Offset 0 is the packet's first byte (the IP header for an IP socket and under BPF_PROG_TEST_RUN); the load reads past the linear data too. A load past the end of the packet ends the program,
    /// which returns 0 (managed: <see cref="PacketLoadExitException"/>, which <see cref="ManagedExecution"/> turns into that 0).
    /// Offsets from SKF_NET_OFF (-0x100000) count from the network header, from SKF_LL_OFF (-0x200000) from the link-layer header (managed: not available, the context holds no link-layer header).
    /// </summary>
    [BpfIntrinsic("ld_abs.byte")]
    public uint LoadByte(int offset) => ClassicPacketLoad.Read(buffer, offset, 1, 0, null);

    /// <summary>The two bytes at <paramref name="offset"/> in host order, converted from network order (bytes 08 00 give 0x0800); see <see cref="LoadByte"/>.</summary>
    [BpfIntrinsic("ld_abs.half")]
    public uint LoadHalf(int offset) => ClassicPacketLoad.Read(buffer, offset, 2, 0, null);

    /// <summary>The four bytes at <paramref name="offset"/> in host order, converted from network order; see <see cref="LoadByte"/>.</summary>
    [BpfIntrinsic("ld_abs.word")]
    public uint LoadWord(int offset) => ClassicPacketLoad.Read(buffer, offset, 4, 0, null);

    /// <summary>Frees the packet memory.</summary>
    public void Dispose() => buffer.Dispose();
}
