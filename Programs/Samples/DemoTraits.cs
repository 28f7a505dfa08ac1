namespace TraitsBpf.Samples;

/// <summary>
/// The traits the tagger sets at XDP and the reader reads at TC. Declared once and named, so
/// the host registry gives both programs the same keys, however they are loaded.
/// </summary>
public static class DemoTraits
{
    /// <summary>A number unique to the packet, from the tagger's counter.</summary>
    public static readonly Trait<ulong> PacketId = new("packet_id");

    /// <summary>When the tagger saw the packet (kernel monotonic time).</summary>
    public static readonly Trait<ulong> ReceivedNs = new("received_ns");

    /// <summary>The traffic class the tagger chose.</summary>
    public static readonly Trait<uint> TrafficClass = new("traffic_class");
}
