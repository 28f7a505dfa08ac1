namespace TraitsBpf;

/// <summary>What <see cref="RingBuffer.Query"/> asks (bpf_ringbuf_query's flags). Positions count bytes since the map was created and never wrap back.</summary>
public enum RingBufferQuery : ulong
{
    /// <summary>BPF_RB_AVAIL_DATA: bytes written and not yet consumed by user space, record headers and padding included (producer minus consumer position).</summary>
    AvailableData = 0,

    /// <summary>BPF_RB_RING_SIZE: the buffer's size in bytes (<see cref="RingBuffer.SizeBytes"/>).</summary>
    RingSize = 1,

    /// <summary>BPF_RB_CONS_POS: how far user space has consumed.</summary>
    ConsumerPosition = 2,

    /// <summary>BPF_RB_PROD_POS: how far programs have reserved, submitted or not.</summary>
    ProducerPosition = 3,
}
