namespace TraitsBpf;

/// <summary>What <see cref="TcContext.ChecksumLevel"/> does (the <c>BPF_CSUM_LEVEL_*</c> values).</summary>
public enum ChecksumLevelOperation : ulong
{
    /// <summary>BPF_CSUM_LEVEL_QUERY: returns skb->csum_level of a CHECKSUM_UNNECESSARY packet, -EACCES for any other.</summary>
    Query = 0,

    /// <summary>BPF_CSUM_LEVEL_INC: one more checksum verified (up to 3); a CHECKSUM_NONE packet becomes CHECKSUM_UNNECESSARY at level 0.</summary>
    Increment = 1,

    /// <summary>BPF_CSUM_LEVEL_DEC: one checksum fewer verified; at level 0 the packet becomes CHECKSUM_NONE.</summary>
    Decrement = 2,

    /// <summary>BPF_CSUM_LEVEL_RESET: the packet becomes CHECKSUM_NONE at level 0.</summary>
    Reset = 3,
}
