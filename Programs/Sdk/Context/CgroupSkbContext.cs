using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>
/// The context of a cgroup skb program (<c>struct __sk_buff</c> as cgroup skb programs see it): the packet from its
/// network header on, read through <see cref="Data"/>/<see cref="DataEnd"/> (read only) or <see cref="LoadBytes"/>.
/// Run as managed code (see <see cref="ForPacket(ReadOnlySpan{byte})"/>) it works on a copy of the packet as the
/// kernel's test run gives it: from the IP header on.
/// </summary>
public sealed unsafe class CgroupSkbContext : IDisposable
{
    private readonly PacketBuffer buffer;
    private readonly SkbPacketEdits skb;

    private CgroupSkbContext(PacketBuffer buffer, ReadOnlySpan<byte> traitStore)
    {
        this.buffer = buffer;
        skb = new SkbPacketEdits(buffer, buffer.SkbProtocol);
        Traits = new PacketTraits(new ExtensionTraitStorage(traitStore));
    }

    /// <summary>A context over a copy of <paramref name="packet"/> (from its IP header on), for running a program as managed code.</summary>
    public static CgroupSkbContext ForPacket(ReadOnlySpan<byte> packet) => new(new PacketBuffer(packet, PacketBuffer.SkbHeadroom), []);

    /// <summary>
    /// A context over a copy of <paramref name="packet"/> whose sk_buff carries the traits in <paramref name="traitStore"/>
    /// (header and values, as <see cref="TcContext.TraitStoreBytes"/> returns them); null or empty for none.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="traitStore"/> is not a valid trait store.</exception>
    public static CgroupSkbContext ForPacket(ReadOnlySpan<byte> packet, byte[]? traitStore) =>
        new(new PacketBuffer(packet, PacketBuffer.SkbHeadroom), traitStore);

    /// <summary>The first byte of the packet: its IP header.</summary>
    public byte* Data { [BpfIntrinsic("__sk_buff.data")] get => buffer.Data; }

    /// <summary>One past the last byte of the linear packet data; compare before every access.</summary>
    public byte* DataEnd { [BpfIntrinsic("__sk_buff.data_end")] get => buffer.DataEnd; }

    /// <summary>The packet's length in bytes.</summary>
    public uint Length { [BpfIntrinsic("__sk_buff.len")] get => (uint)buffer.Length; }

    /// <summary>The EtherType in network byte order (<c>skb->protocol</c>).</summary>
    public uint Protocol { [BpfIntrinsic("__sk_buff.protocol")] get => skb.Protocol; init => skb.Protocol = value; }

    /// <summary>The 32-bit skb mark; cgroup skb programs may change it.</summary>
    public uint Mark { [BpfIntrinsic("__sk_buff.mark")] get; [BpfIntrinsic("__sk_buff.mark")] set; }

    /// <summary>
    /// The socket of the cgroup's process that sends or receives the packet (<c>skb->sk</c>), or null; it holds no
    /// reference (never release it), and <see cref="BpfSocketCommon.ToTcpSock"/> and the other casts tell its kind.
    /// Managed: a <see cref="SocketTable"/> entry the test sets (null by default).
    /// </summary>
    public BpfSocketCommon* Socket { [BpfIntrinsic("__sk_buff.sk")] get; set; }

    /// <summary>The queueing priority (skb->priority); cgroup skb programs may change it.</summary>
    public uint Priority { [BpfIntrinsic("__sk_buff.priority")] get; [BpfIntrinsic("__sk_buff.priority")] set; }

    /// <summary>The interface the packet arrived on (0 for a packet being sent).</summary>
    public uint IngressIfindex { [BpfIntrinsic("__sk_buff.ingress_ifindex")] get; init; }

    /// <summary>The interface the packet is on now.</summary>
    public uint Ifindex { [BpfIntrinsic("__sk_buff.ifindex")] get; init; }

    /// <summary>The packet's flow hash.</summary>
    public uint Hash { [BpfIntrinsic("__sk_buff.hash")] get; init; }

    /// <summary>
    /// The packet's traits: set, read and deleted under the stash backend (the sk_buff's entry in the host's stash); the
    /// kfunc backend has no trait kfuncs for cgroup skb programs and the meta backend cannot reach the metadata area
    /// here, so both are refused. Managed: the sk_buff's 256-byte trait extension, as the kfuncs keep it.
    /// </summary>
    public PacketTraits Traits { [BpfIntrinsic("traits")] get; }

    /// <summary>The trait store as it is now, header and values; empty when the packet has none (managed only).</summary>
    public byte[] TraitStoreBytes => Traits.StoreBytes();

    /// <summary>
    /// The cgroup of the packet's socket, for the cgroup helpers in managed execution; unset, they throw (see
    /// <see cref="TcContext.SocketCgroup"/>).
    /// </summary>
    public CgroupMembership? SocketCgroup { get; set; }

    /// <summary>The id of the cgroup v2 of the packet's socket (bpf_skb_cgroup_id); see <see cref="TcContext.CgroupId"/>.</summary>
    [BpfHelper(BpfHelper.SkbCgroupId)]
    public ulong CgroupId() => CgroupMembership.Required(SocketCgroup, "CgroupSkbContext.SocketCgroup").Id;

    /// <summary>The id of an ancestor of the socket's cgroup (bpf_skb_ancestor_cgroup_id); see <see cref="TcContext.AncestorCgroupId"/>.</summary>
    [BpfHelper(BpfHelper.SkbAncestorCgroupId)]
    public ulong AncestorCgroupId(int level) => CgroupMembership.Required(SocketCgroup, "CgroupSkbContext.SocketCgroup").AncestorId(level);

    /// <summary>
    /// Copies <paramref name="length"/> bytes at <paramref name="offset"/> of the packet to <paramref name="destination"/>
    /// (bpf_skb_load_bytes), past the linear data too. Returns 0, or a negative errno when the packet is shorter.
    /// </summary>
    [BpfHelper(BpfHelper.SkbLoadBytes)]
    public int LoadBytes(int offset, void* destination, int length) => skb.LoadBytes(offset, destination, length);

    /// <summary>Frees the packet memory.</summary>
    public void Dispose() => buffer.Dispose();
}
