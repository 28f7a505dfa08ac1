namespace TraitsBpf.Programs.Tests.Helpers.SocketCasts;

/// <summary>What <see cref="SocketCastPrograms.MptcpCast"/> reads from the MPTCP connection of the TCP subflow it finds.</summary>
public record struct MptcpCastReport
{
    public uint Casts;
    public ushort SubflowProtocol;
    public ushort ConnectionProtocol;
    public ushort ConnectionFamily;
    public byte ConnectionState;
    public byte Found;
    public ushort ConnectionSourcePort;
    public ushort ConnectionDestinationPort;
    public uint Token;
    public ulong WriteSequence;
    public ulong SendUnacknowledged;
    public ulong AckSequence;
}
