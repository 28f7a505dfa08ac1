namespace TraitsBpf.Programs.Tests.Helpers.SocketCasts;

/// <summary>What <see cref="SocketCastPrograms.RequestCast"/> reads from the request socket of a SYN-ACK and from the SYN-ACK itself.</summary>
public struct RequestCastReport
{
    public uint Casts;
    public ushort Family;
    public byte State;
    public byte Found;
    public ushort SourcePort;
    public ushort DestinationPort;
    public uint SourceIPv4;
    public uint DestinationIPv4;
    public uint Mss;
    public uint ReceiveInitialSequence;
    public uint SendInitialSequence;
    public uint ReceiveNext;
    /// <summary>The SYN-ACK's sequence number, host order.</summary>
    public uint PacketSequence;
    /// <summary>The SYN-ACK's acknowledgment number, host order.</summary>
    public uint PacketAcknowledgment;
}
