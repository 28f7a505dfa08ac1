namespace TraitsBpf.Programs.Tests.Helpers.SocketCasts;

/// <summary>What <see cref="SocketCastPrograms.TcpCast"/> reads from the kernel's tcp_sock (and tcp6_sock) of the socket it finds.</summary>
public unsafe struct TcpCastReport
{
    /// <summary>Which casts gave a socket: <see cref="SocketCastPrograms.CastBits(BpfSocket*)"/>.</summary>
    public uint Casts;
    public ushort Family;
    public byte State;
    public byte Tos;
    public ushort SourcePort;
    public ushort DestinationPort;
    public uint SourceIPv4;
    public uint DestinationIPv4;
    public int BoundDeviceIfindex;
    public ulong Cookie;
    public ushort Protocol;
    public ushort Type;
    public uint Mark;
    public uint Priority;
    public int ReceiveBufferSize;
    public int SendBufferSize;
    public ulong Inode;
    public short UnicastTtl;
    public ushort AdvertisedMss;
    public uint PathMtu;
    public uint SendCongestionWindow;
    public uint SendSlowStartThreshold;
    /// <summary>srtt_us >> 3, the microseconds TCP_INFO reports.</summary>
    public uint RttMicroseconds;
    public uint MssCache;
    public uint ReceiveNext;
    public uint CopiedSequence;
    public uint SendNext;
    public uint SendUnacknowledged;
    public uint WriteSequence;
    public uint SendWindow;
    public uint PacketsOut;
    public uint SegmentsIn;
    public uint SegmentsOut;
    public uint DataSegmentsIn;
    public uint DataSegmentsOut;
    public uint TotalRetransmits;
    public ulong BytesReceived;
    public ulong BytesAcknowledged;
    public ulong BytesSent;
    public uint Delivered;
    public fixed uint DestinationIPv6[4];
    public fixed uint SourceIPv6[4];
    public fixed uint Inet6Source[4];
    public short HopLimit;
    public byte TrafficClass;
}
