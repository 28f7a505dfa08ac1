namespace TraitsBpf.Programs.Tests.Helpers.SocketCasts;

/// <summary>What <see cref="SocketCastPrograms.Udp6Cast"/> reads from the kernel's udp6_sock of the socket it finds.</summary>
public unsafe struct Udp6CastReport
{
    public uint Casts;
    public ushort Family;
    public byte State;
    public byte TrafficClass;
    public ushort SourcePort;
    public ushort Protocol;
    public ushort Type;
    public ushort GsoSize;
    public short HopLimit;
    public int ReceiveBufferSize;
    public ulong Inode;
    public ulong Cookie;
    public fixed uint SourceIPv6[4];
    public fixed uint Inet6Source[4];
}
