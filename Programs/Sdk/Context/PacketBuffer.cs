using System.Runtime.InteropServices;

namespace TraitsBpf;

/// <summary>
/// A packet in native memory laid out the way the kernel lays out an XDP frame under
/// BPF_PROG_TEST_RUN: a 4096-byte frame whose first 40 bytes hold <c>struct xdp_frame</c>,
/// 256 bytes of headroom before the packet, and 320 bytes of <c>skb_shared_info</c> at the
/// end. Managed execution moves the same pointers the kernel moves, with the same limits,
/// so a program behaves the same in both.
/// </summary>
internal sealed unsafe class PacketBuffer : IDisposable
{
    /// <summary>The frame size the kernel's test run uses (one page).</summary>
    public const int FrameSize = 4096;

    /// <summary>XDP_PACKET_HEADROOM.</summary>
    public const int DefaultHeadroom = 256;

    /// <summary>NET_SKB_PAD + NET_IP_ALIGN (64 + 0 on x86-64): the headroom BPF_PROG_TEST_RUN gives an sk_buff.</summary>
    public const int SkbHeadroom = 64;

    /// <summary>sizeof(struct xdp_frame) on x86-64.</summary>
    public const int XdpFrameSize = 40;

    /// <summary>SKB_DATA_ALIGN(sizeof(struct skb_shared_info)) on x86-64.</summary>
    public const int SharedInfoSize = 320;

    /// <summary>ETH_HLEN: the kernel keeps at least an Ethernet header in the packet.</summary>
    private const int EthernetHeaderLength = 14;

    /// <summary>The XDP metadata area holds at most 255 bytes (skb_shared_info.meta_len is a u8).</summary>
    private const int MaxMetaLength = 255;

    private byte* frame;
    private int frameSize = FrameSize;

    public PacketBuffer(ReadOnlySpan<byte> packet, int headroom)
    {
        if (headroom < XdpFrameSize || headroom + packet.Length > FrameSize - SharedInfoSize)
        {
            throw new ArgumentException(
                $"A packet of {packet.Length} bytes with {headroom} bytes of headroom does not fit a {FrameSize}-byte frame.");
        }

        frame = (byte*)NativeMemory.AllocZeroed(FrameSize);
        Data = frame + headroom;
        DataMeta = Data;
        DataEnd = Data + packet.Length;
        packet.CopyTo(new Span<byte>(Data, packet.Length));
    }

    ~PacketBuffer() => Free();

    public byte* Data { get; private set; }

    public byte* DataEnd { get; private set; }

    public byte* DataMeta { get; private set; }

    /// <summary>Where an XDP packet's trait store starts: right after the xdp_frame (kfunc semantics).</summary>
    public byte* TraitsStart => frame + XdpFrameSize;

    /// <summary>Whether the headroom holds a trait store (the kernel's XDP_FLAGS_HAS_TRAITS).</summary>
    public bool HasTraits { get; set; }

    /// <summary>The first byte a program may move the packet or metadata start to: past the xdp_frame and any trait store.</summary>
    private byte* FrameEnd => HasTraits ? TraitsStart + TraitStore.Size(TraitsStart) : TraitsStart;

    /// <summary>The last byte the packet may grow to.</summary>
    private byte* HardEnd => frame + frameSize - SharedInfoSize;

    public int Length => (int)(DataEnd - Data);

    /// <summary>
    /// The EtherType as <c>skb->protocol</c> holds it (a __be16 read as a native u32), which is what
    /// eth_type_trans leaves for a TC or socket program; 0 for a packet shorter than an Ethernet header.
    /// </summary>
    public uint SkbProtocol => Length >= EthernetHeaderLength ? (uint)(Data[12] | Data[13] << 8) : 0;

    public byte[] ToArray() => new ReadOnlySpan<byte>(Data, Length).ToArray();

    public byte[] MetaToArray() => new ReadOnlySpan<byte>(DataMeta, (int)(Data - DataMeta)).ToArray();

    /// <summary>bpf_xdp_adjust_head: moves the packet start, carrying the metadata with it.</summary>
    public int AdjustHead(int delta)
    {
        byte* data = Data + delta;
        long metaLength = Data - DataMeta;
        if (data - metaLength < FrameEnd || data > DataEnd - EthernetHeaderLength)
        {
            return -Errno.EINVAL;
        }

        if (metaLength > 0)
        {
            Buffer.MemoryCopy(DataMeta, DataMeta + delta, metaLength, metaLength);
        }

        DataMeta += delta;
        Data = data;
        return 0;
    }

    /// <summary>bpf_xdp_adjust_meta: moves the start of the metadata area in front of the packet.</summary>
    public int AdjustMeta(int delta)
    {
        byte* meta = DataMeta + delta;
        long metaLength = Data - meta;
        if (meta < FrameEnd || meta > Data)
        {
            return -Errno.EINVAL;
        }

        if ((metaLength & 3) != 0 || metaLength > MaxMetaLength)
        {
            return -Errno.EACCES;
        }

        DataMeta = meta;
        return 0;
    }

    /// <summary>bpf_xdp_adjust_tail: moves the packet end; grown bytes are zeroed.</summary>
    public int AdjustTail(int delta)
    {
        byte* end = DataEnd + delta;
        if (end > HardEnd || end < Data + EthernetHeaderLength)
        {
            return -Errno.EINVAL;
        }

        if (delta > 0)
        {
            new Span<byte>(DataEnd, delta).Clear();
        }

        DataEnd = end;
        return 0;
    }

    /// <summary>
    /// sk_buff edits (bpf_skb_adjust_room, VLAN push): <paramref name="count"/> zero bytes inserted at
    /// <paramref name="offset"/>, the bytes before it moved to the front as skb_push and memmove do; the
    /// frame is reallocated when the headroom is short, as pskb_expand_head would.
    /// </summary>
    public void Insert(int offset, int count)
    {
        if (Data - count < frame)
        {
            Reallocate(count, Length + count);
        }

        Data -= count;
        DataMeta = Data;
        Buffer.MemoryCopy(Data + count, Data, offset, offset);
        new Span<byte>(Data + offset, count).Clear();
    }

    /// <summary>sk_buff edits (adjust room, VLAN pop): the <paramref name="count"/> bytes at <paramref name="offset"/> removed, the bytes before them moved up.</summary>
    public void Remove(int offset, int count)
    {
        Buffer.MemoryCopy(Data, Data + count, offset, offset);
        Data += count;
        DataMeta = Data;
    }

    /// <summary>sk_buff length change (bpf_skb_change_tail): grown bytes are zero; the frame is reallocated when the tail room is short.</summary>
    public void Resize(int length)
    {
        if (Data + length > HardEnd)
        {
            Reallocate(0, length);
        }

        if (length > Length)
        {
            new Span<byte>(DataEnd, length - Length).Clear();
        }

        DataEnd = Data + length;
    }

    /// <summary>A larger frame with <paramref name="extraHeadroom"/> more bytes in front and room for <paramref name="length"/> bytes.</summary>
    private void Reallocate(int extraHeadroom, int length)
    {
        int headroom = (int)(Data - frame) + extraHeadroom;
        int size = Math.Max(frameSize, headroom + Math.Max(length, Length) + SharedInfoSize);
        byte* larger = (byte*)NativeMemory.AllocZeroed((nuint)size);
        byte* data = larger + headroom;
        Buffer.MemoryCopy(Data, data, Length, Length);
        int oldLength = Length;
        NativeMemory.Free(frame);
        frame = larger;
        frameSize = size;
        Data = data;
        DataMeta = data;
        DataEnd = data + oldLength;
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        if (frame != null)
        {
            NativeMemory.Free(frame);
            frame = null;
        }
    }
}
