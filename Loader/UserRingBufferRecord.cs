namespace TraitsBpf.Loader;

/// <summary>
/// A record <see cref="UserRingBufferWriter.Reserve"/> reserved in a user ring buffer: its bytes, in the mapped ring, to
/// fill; then <see cref="Submit"/> it for programs to drain, or <see cref="Discard"/> it. Until then the records after it
/// wait, since a drain stops at the first record still reserved.
/// </summary>
public sealed unsafe class UserRingBufferRecord
{
    private readonly UserRingBufferWriter writer;
    private void* sample;

    internal UserRingBufferRecord(UserRingBufferWriter writer, void* sample, int size)
    {
        this.writer = writer;
        this.sample = sample;
        Size = size;
    }

    /// <summary>The record's length in bytes.</summary>
    public int Size { get; }

    /// <summary>The record's bytes in the ring.</summary>
    /// <exception cref="InvalidOperationException">The record was submitted or discarded.</exception>
    public Span<byte> Bytes => new(Sample, Size);

    /// <summary>Publishes the record (user_ring_buffer__submit).</summary>
    /// <exception cref="InvalidOperationException">The record was submitted or discarded already.</exception>
    public void Submit()
    {
        writer.Submit(Sample);
        sample = null;
    }

    /// <summary>Drops the record (user_ring_buffer__discard): a drain passes over it.</summary>
    /// <exception cref="InvalidOperationException">The record was submitted or discarded already.</exception>
    public void Discard()
    {
        writer.Discard(Sample);
        sample = null;
    }

    private void* Sample => sample != null ? sample : throw new InvalidOperationException("the record was submitted or discarded already");
}
