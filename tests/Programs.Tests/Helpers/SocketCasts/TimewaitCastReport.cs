namespace TraitsBpf.Programs.Tests.Helpers.SocketCasts;

/// <summary>What <see cref="SocketCastPrograms.TimewaitCast"/> reads from the kernel's tcp_timewait_sock of the socket it finds.</summary>
public struct TimewaitCastReport
{
    /// <summary>Which casts gave a socket: <see cref="SocketCastPrograms.CastBits(BpfSocketCommon*)"/>.</summary>
    public uint Casts;
    public ushort Family;
    public byte State;
    public byte Substate;
    public ushort SourcePort;
    public ushort DestinationPort;
    public uint SourceIPv4;
    public uint DestinationIPv4;
    public uint Mark;
    public uint Priority;
    public uint ReceiveNext;
    public uint SendNext;
}
