using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>
/// The context of a socket filter program (<c>struct __sk_buff</c> as socket filters see it).
/// Socket filters cannot point into the packet; they copy bytes out with <see cref="LoadBytes"/>.
/// </summary>
public sealed unsafe class SocketContext : IDisposable
{
    private readonly PacketBuffer buffer;

    private SocketContext(PacketBuffer buffer)
    {
        this.buffer = buffer;
        Protocol = buffer.SkbProtocol;
    }

    /// <summary>A context over a copy of <paramref name="packet"/>, for running a program as managed code.</summary>
    public static SocketContext ForPacket(ReadOnlySpan<byte> packet) => new(new PacketBuffer(packet, PacketBuffer.SkbHeadroom));

    /// <summary>The packet's length in bytes.</summary>
    public uint Length { [BpfIntrinsic("__sk_buff.len")] get => (uint)buffer.Length; }

    /// <summary>The EtherType in network byte order (<c>skb->protocol</c>).</summary>
    public uint Protocol { [BpfIntrinsic("__sk_buff.protocol")] get; init; }

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
    public int LoadBytes(int offset, void* destination, int length)
    {
        if (offset < 0 || length <= 0 || offset + length > buffer.Length)
        {
            new Span<byte>(destination, Math.Max(length, 0)).Clear();
            return -Errno.EFAULT;
        }

        new ReadOnlySpan<byte>(buffer.Data + offset, length).CopyTo(new Span<byte>(destination, length));
        return 0;
    }

    /// <summary>Frees the packet memory.</summary>
    public void Dispose() => buffer.Dispose();
}
