namespace TraitsBpf.TestSupport.Tracing;

/// <summary>What <see cref="SkbTracer"/> counts per program: sk_buffs seen on the watched device and what they carried.</summary>
public struct SkbTally
{
    /// <summary>sk_buffs freed after use on the watched device.</summary>
    public ulong Packets;

    /// <summary>The sum of their <c>skb->len</c>.</summary>
    public ulong Bytes;

    /// <summary>How many had exactly <see cref="SkbTracer.WatchedLength"/> bytes.</summary>
    public ulong OfWatchedLength;

    /// <summary>The sum of their flow hashes (<c>skb->hash</c>; 0 where none was computed).</summary>
    public ulong HashSum;
}
