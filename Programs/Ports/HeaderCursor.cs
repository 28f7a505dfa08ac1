namespace TraitsBpf.Ports;

/// <summary>How far parsing has gone into the packet (C: <c>struct hdr_cursor</c>).</summary>
public unsafe struct HeaderCursor
{
    /// <summary>The first byte not parsed yet.</summary>
    public byte* Position;
}
