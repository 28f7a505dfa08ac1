using System.Runtime.InteropServices;

namespace TraitsBpf.Programs.Tests.Helpers.SocketCasts;

/// <summary>The fields of <c>struct tcp_info</c> (TCP_INFO, linux/tcp.h) the socket cast tests compare with the kernel's tcp_sock.</summary>
[StructLayout(LayoutKind.Explicit, Size = 232)]
public struct TcpInfo
{
    [FieldOffset(0)] public byte State;
    [FieldOffset(16)] public uint SendMss;
    [FieldOffset(24)] public uint Unacknowledged;
    [FieldOffset(60)] public uint PathMtu;
    [FieldOffset(68)] public uint Rtt;
    [FieldOffset(76)] public uint SendSlowStartThreshold;
    [FieldOffset(80)] public uint SendCongestionWindow;
    [FieldOffset(84)] public uint AdvertisedMss;
    [FieldOffset(100)] public uint TotalRetransmits;
    [FieldOffset(120)] public ulong BytesAcknowledged;
    [FieldOffset(128)] public ulong BytesReceived;
    [FieldOffset(136)] public uint SegmentsOut;
    [FieldOffset(140)] public uint SegmentsIn;
    [FieldOffset(144)] public uint NotSentBytes;
    [FieldOffset(152)] public uint DataSegmentsIn;
    [FieldOffset(156)] public uint DataSegmentsOut;
    [FieldOffset(192)] public uint Delivered;
    [FieldOffset(200)] public ulong BytesSent;
    [FieldOffset(228)] public uint SendWindow;
}
