namespace TraitsBpf;

/// <summary>The fields of the kernel's <c>struct sk_buff</c> tracing programs most often read (CO-RE: the offsets here only serve managed runs).</summary>
[KernelType("sk_buff")]
public unsafe struct SkBuff
{
    /// <summary>The device the packet is on (<c>skb->dev</c>); null for some locally made packets.</summary>
    public NetDevice* Dev;

    /// <summary>Bytes of data, linear and paged (<c>skb->len</c>).</summary>
    public uint Len;

    /// <summary>Bytes of paged data (<c>skb->data_len</c>).</summary>
    public uint DataLen;

    /// <summary>The flow hash (<c>skb->hash</c>), 0 until computed.</summary>
    public uint Hash;

    /// <summary>The mark (<c>skb->mark</c>).</summary>
    public uint Mark;

    /// <summary>The queueing priority (<c>skb->priority</c>).</summary>
    public uint Priority;

    /// <summary>The interface the packet arrived on (<c>skb->skb_iif</c>).</summary>
    public int SkbIif;

    /// <summary>The EtherType, network byte order (<c>skb->protocol</c>).</summary>
    public ushort Protocol;

    /// <summary>
    /// The start of the packet's data buffer (<c>skb->head</c>), a new buffer when the kernel reallocates the
    /// headroom: an address to compare and keep (the verifier reads it as a number), not to read through.
    /// </summary>
    public byte* Head;

    /// <summary>Where the data starts now (<c>skb->data</c>): like <see cref="Head"/>, a number to compute with, not to read through.</summary>
    public byte* Data;

    /// <summary>The mac header's offset from <see cref="Head"/> (<c>skb->mac_header</c>); 0xFFFF when it is not set.</summary>
    public ushort MacHeader;

    /// <summary>The network header's offset from <see cref="Head"/> (<c>skb->network_header</c>).</summary>
    public ushort NetworkHeader;

    /// <summary>Where the linear data ends, as an offset from <see cref="Head"/> (<c>skb->tail</c>, an offset on 64-bit kernels).</summary>
    public uint Tail;

    /// <summary>The offset of the <c>skb_shared_info</c> from <see cref="Head"/> (<c>skb->end</c>, an offset on 64-bit kernels).</summary>
    public uint End;

    /// <summary>
    /// Which skb extensions the sk_buff has, bit N for <c>enum skb_ext_id</c> value N (<c>skb->active_extensions</c>,
    /// on kernels built with <c>CONFIG_SKB_EXTENSIONS</c>).
    /// </summary>
    public byte ActiveExtensions;

    /// <summary>
    /// The skb extensions (<c>skb->extensions</c>, a <c>struct skb_ext *</c>), valid while <see cref="ActiveExtensions"/>
    /// is not 0: an address to read from with <see cref="TraceContext.ProbeReadKernel"/>, not to read through.
    /// </summary>
    public byte* Extensions;
}
