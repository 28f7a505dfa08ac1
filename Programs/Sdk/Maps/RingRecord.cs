namespace TraitsBpf;

/// <summary>One record of <see cref="RingRecords"/>: busy while its memory is reserved, then submitted (its bytes) or discarded.</summary>
internal sealed unsafe class RingRecord(uint length, byte* memory)
{
    /// <summary>The bytes the producer asked for (the header's length).</summary>
    public uint Length { get; } = length;

    /// <summary>The reserved memory the producer writes, until it submits or discards the record.</summary>
    public byte* Memory { get; set; } = memory;

    /// <summary>What was submitted; null while busy or when discarded.</summary>
    public byte[]? Bytes { get; set; }

    /// <summary>Whether the producer discarded it (BPF_RINGBUF_DISCARD_BIT).</summary>
    public bool Discarded { get; set; }

    /// <summary>Whether it is still reserved (BPF_RINGBUF_BUSY_BIT): a consumer stops here.</summary>
    public bool Busy => Memory != null;
}
