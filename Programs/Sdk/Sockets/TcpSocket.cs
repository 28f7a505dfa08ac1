using System.Runtime.InteropServices;

namespace TraitsBpf;

/// <summary>
/// <c>struct bpf_tcp_sock</c> (112 bytes): the TCP state of a socket, from <see cref="BpfSocket.AsTcpSocket"/>.
/// Read only, each field at the kernel's offset and size; valid as long as the socket it came from.
/// Sequence numbers are host byte order.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 112)]
public struct TcpSocket
{
    /// <summary>The sending congestion window, in segments.</summary>
    public uint SendCongestionWindow;
    /// <summary>The smoothed round trip time, in microseconds shifted left by 3.</summary>
    public uint SmoothedRttMicroseconds;
    /// <summary>The minimum round trip time seen, in microseconds.</summary>
    public uint MinimumRtt;
    /// <summary>The slow start threshold.</summary>
    public uint SendSlowStartThreshold;
    /// <summary>The next sequence number the socket expects to receive.</summary>
    public uint ReceiveNext;
    /// <summary>The next sequence number the socket sends.</summary>
    public uint SendNext;
    /// <summary>The first sequence number not yet acknowledged.</summary>
    public uint SendUnacknowledged;
    /// <summary>The cached effective MSS, without SACK blocks.</summary>
    public uint MssCache;
    /// <summary>The ECN status bits.</summary>
    public uint EcnFlags;
    /// <summary>Packets delivered in the last rate sample.</summary>
    public uint RateDelivered;
    /// <summary>The last rate sample's interval, in microseconds.</summary>
    public uint RateIntervalMicroseconds;
    /// <summary>Packets in flight.</summary>
    public uint PacketsOut;
    /// <summary>Retransmitted packets in flight.</summary>
    public uint RetransmitsOut;
    /// <summary>Retransmits over the connection's life.</summary>
    public uint TotalRetransmits;
    /// <summary>Segments received.</summary>
    public uint SegmentsIn;
    /// <summary>Segments with data received.</summary>
    public uint DataSegmentsIn;
    /// <summary>Segments sent.</summary>
    public uint SegmentsOut;
    /// <summary>Segments with data sent.</summary>
    public uint DataSegmentsOut;
    /// <summary>Packets considered lost.</summary>
    public uint LostOut;
    /// <summary>Packets SACKed.</summary>
    public uint SackedOut;
    /// <summary>Bytes received and acknowledged.</summary>
    public ulong BytesReceived;
    /// <summary>Bytes sent and acknowledged by the peer.</summary>
    public ulong BytesAcknowledged;
    /// <summary>DSACK blocks received.</summary>
    public uint DsackDuplicates;
    /// <summary>Data packets delivered, retransmits included.</summary>
    public uint Delivered;
    /// <summary>Delivered packets that were ECN CE marked.</summary>
    public uint DeliveredCe;
    /// <summary>Retransmits of the current timeout.</summary>
    public uint IcskRetransmits;
}
